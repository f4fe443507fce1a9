//! A glossary term that heads the Chinese name of another body, which the pair itself shows
//! has an English name of its own. A glossary of one administration's bodies (Beijing's
//! standard: 委员会 → Committee, 协会 → Association, 中心 → Center) does not decide how the
//! Solihull Council, the British Medical Association or the Junior Doctors Committee are
//! called: their Chinese names are translations of their own, and the English translation
//! rightly writes that name, so 英国医学协会 as "the BMA" is no missing "Association". On the
//! WMT news with the Beijing titles these were most of the false alarms read by hand (25 of
//! 28 in the sample of the fourth session were foreign bodies and their titles).
//!
//! Two kinds of evidence in the pair, each bounded, and nothing else (no list of countries
//! or of foreign bodies):
//!
//! 1. **The source gives the name in Latin letters**, in brackets right after the Chinese
//!    name the term heads: 索利赫尔委员会 (Solihull Council), 欧洲足球协会联盟 (UEFA). A word
//!    of three letters or more of the bracket must stand in the target, so that a bracket
//!    the translation did not follow (a misaligned pair) excuses nothing. The document
//!    names a body once that way and then by its Chinese name alone (瑞典国家法医学中心
//!    (Rättsmedicinalverket), then 法医学中心 four times): the term with the three Han
//!    characters before it, standing inside a name so given anywhere in the document, is
//!    that body too ([`Named`]).
//! 2. **The target writes the body's acronym**: the term ends a longer Chinese name (the
//!    word before it, as the segmenter reads the source, is a noun, a name or a word the
//!    dictionary lacks: 英国医学/协会, 初级医生/委员会; not 强调/中共 "stresses the CPC", nor
//!    以/中共; and not another glossary term, whose title the term is: 委员会/主席 is the
//!    committee's chair, and an acronym of the committee says nothing of him; nor a title
//!    next to a personal name, 习近平主席 or 主席 Ellen McCourt, for the same reason), and the
//!    target has an
//!    acronym of three to six capitals that the source does not have, that is no glossary
//!    term found in the target, that spells no name of the glossary (CPPCC is its Chinese
//!    People's Political Consultative Conference), and that ends with the initial of the
//!    last word of one of the term's renderings, as the acronym of an English name headed
//!    by that word does: "Association" → BMA, NBA, UEFA; "Committee" or "Center" → JDC,
//!    RNC, NHC. Not an acronym that merely holds the letter: IAAF in a sentence about the
//!    Russian athletics federation is another body, and GMB (a union) in one about a
//!    factory's manager has the M of "Manager" by chance. Nor one without it: CPJ for
//!    保护记者协会 (Committee to Protect Journalists, a name headed the other way) stays for a
//!    reviewer to read.
//!
//! 4. **A demonstrative opens the noun phrase the term heads** (该委员会 "the council", 该中心
//!    "the agency", 这个委员会): the phrase refers back to a body the document has named, and
//!    is no name itself, whatever the translation calls it. Only for a term whose renderings
//!    are a name's head (capitalised), and only when the segmenter reads the demonstrative
//!    as a word of its own (not 应该/委员会 "the committee should"). A numeral and a classifier
//!    (一座垃圾焚烧中心) are left alone: 一个中心 is also a slogan's "one centre".
//!
//! 5. **The target writes an acronym the document spells out**, "the Central Board of
//!    Direct Taxes (CBDT)" in one target, "22 CBIC officials" in another: the acronym's
//!    English name renders the term when it holds a rendering (海关 → Customs in the Central
//!    Board of Indirect Taxes and Customs); and it names the body whose Chinese name the term
//!    ends (as for rule 2) when it holds no word of the term's renderings (委员会 there is a
//!    Board). The word before the term may then be a glossary term that the English name
//!    renders (海关/委员会). The name is the shortest run of capitalised words before the
//!    bracket whose initials hold the acronym's letters in order, first and last its own;
//!    the same guards as rule 2 (not in the source, no glossary term, no name of the
//!    glossary). What it cannot tell: a translation that spells out a wrong English name
//!    for a Chinese body ("National Development and Reform Board (NDRB)") is believed.
//!
//! 6. **A foreign country opens the name the term heads**: 英国田径协会, 英国总工会,
//!    乌干达卫生部常任秘书长, 英国——南非技术中心. The name is read back from the term over
//!    nouns, as for rule 3 (at most four words), and one of its words is a country other
//!    than China by the Chinese names of ISO 3166-1 (Debian's iso-codes, zh_CN:
//!    `foreign_countries.tsv`, made by `bench/check_data.py countries`) or a state,
//!    province or region of one (ISO 3166-2, `foreign_subdivisions.tsv`, made by
//!    `bench/check_data.py subdivisions`: 康沃尔郡住房协会). Bounded to the
//!    term's own noun phrase: a country elsewhere in the segment says nothing of whose body
//!    the term is (俄罗斯总统普京对中共十九大… keeps 中共), and a name that also holds
//!    China's (中国日本友好协会) is not foreign. Needs no evidence on the target's side: the
//!    glossary of one Chinese administration does not decide how another country's body is
//!    called, whatever the translation calls it ("British athletics", "GMB").
//!
//! 7. **A foreign person's title, or the body of one**: the term is followed by a personal
//!    name written with the interpunct between its parts, as Chinese writes a transliterated
//!    foreign name (副处长艾伦·K·考贝奇, 秘书长戴安娜·阿特万), directly, after 的 (法医学中心的
//!    约翰·葛兰森) or after one noun, the person's title (委员会负责人珍妮·马拉). The names of
//!    China's minority peoples are written the same way (自治区主席雪克来提·扎克尔): a name
//!    read back from the term that holds a Chinese national or autonomous body (中国, 中华,
//!    中共, 全国, …自治区) keeps the term reported.
//!
//! 8. **A segment about another country, with nothing of China's own in it**: the source names
//!    a country other than China or a state or province of one (rule 6's lists: 密苏里州) or a person by a transliterated name (rule
//!    7's interpunct) anywhere, holds none of the words that make a body China's (中国, 中华,
//!    中共, 中央, 全国, 国家, 国务院, 我国, 北京, 政协, 人大, 党委, the autonomous areas,
//!    内蒙古), and the target names no Chinese place or person in pinyin (rule 3's guard, but
//!    in at most two syllables a word: Jinping, Rugao; not Senate, se-na-te).
//!    Such a segment speaks of that country's bodies and people: 参议院拨款委员会 before
//!    which 彼得·盖纳 testifies (a Senate subcommittee), the 审查委员会 a Canadian
//!    psychiatrist spoke before, 保护记者协会 in a sentence about Mexico (the Committee to
//!    Protect Journalists), the 厂长 of a factory GMB Scotland writes to. Only for a term
//!    whose renderings are a name's head. It asks nothing of the target's English, since a
//!    wrong rendering of a Chinese body is an English name too ("Education Board" for
//!    教育委员会): the segment's other words must say whose body it is. What it cannot
//!    tell: a Chinese body of no Chinese word named beside a foreign one
//!    (教育委员会会见了美国代表团 with no name in pinyin in the translation) is taken for the
//!    foreign country's.
//!
//! 9. **A generic head of a body the target calls by a long English name of its own**: every
//!    rendering of the term is one capitalised word (Committee, Association, Tribunal), the
//!    term ends a longer Chinese name (as for rule 3), the target writes a name of three
//!    capitalised words or more, not at a sentence's start, none of them a word of the
//!    renderings nor pinyin (rule 3's guards), and the source holds none of rule 8's words
//!    of China's own. The foreign bodies of segments that name no country: 女性创业者协会,
//!    "The Ladies Who Launch meeting"; 服务业员工国际联合会, "the Service Employees
//!    International Union" (not 高等法院普通庭, "General Court of Justice": its "Court" is the
//!    rendering of 法院, found in the target). Two words are not
//!    enough: "The Education Board" for 教育委员会 is a wrong rendering of a Chinese body as
//!    much as another's name. What it cannot tell: a Chinese body given a wrong English name
//!    of three words or more, in a pair that says nothing of China (no 中国, 北京, 国家…, no
//!    pinyin), is believed.
//!
//! A segment so excused is counted by `term-convention` as one that does not render the
//! term, as it was before: a convention of the document does not come or go with it.
//!
//! What is given up, measured on the news: 军委联指中心, which the translation called "the
//! CMC Central Committee" and "the CTC Central Committee" (a Chinese body, two real
//! findings), is lost to rule 2: CMC ends with the C of "Center", and the checker cannot
//! tell that it abbreviates 军委 and not the whole name.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::Document;
use crate::glossary::matcher::TermHit;
use crate::text::pinyin::{fewest_syllables, reads_as_pinyin};
use crate::text::script::is_han;

/// How many Han characters of a name may follow the term before the bracket that gives the
/// name in Latin letters: the rest of the name (联盟 of 欧洲足球协会联盟).
const REST_OF_NAME: usize = 6;

/// The longest bracket read as a name in Latin letters.
const BRACKET: usize = 80;

/// How many Han characters before the term make it the same name as one the document gives
/// in Latin letters elsewhere: 法医学 of 法医学中心. Fewer would take 全国委员会 of a
/// Chinese body for 共和党全国委员会 (RNC).
const SAME_NAME: usize = 3;

/// The Chinese names a document gives in Latin letters somewhere: the Han characters before
/// each bracket of Latin letters in a source (rule 1 of the module).
///
/// Indexed by each run of `SAME_NAME + 1` characters in them: with CC-CEDICT as the
/// glossary a news document asks about tens of thousands of terms, and comparing each with
/// every name took a fifth of the check's time.
#[derive(Default)]
pub(super) struct Named {
    names: Vec<Vec<char>>,
    /// The acronyms the document's targets spell out, each with the words of its English
    /// name, lowercased (rule 5): CBDT → central board of direct taxes.
    spelled: HashMap<String, Vec<String>>,
    /// `(name, at)` of every run, by the run.
    runs: HashMap<[char; SAME_NAME + 1], Vec<(usize, usize)>>,
}

impl Named {
    pub(super) fn of(doc: &Document) -> Named {
        let mut names = Vec::new();
        for source in doc.segments.iter().filter_map(|s| s.source.as_deref()) {
            if !source.contains(['(', '（']) {
                continue;
            }
            let chars: Vec<char> = source.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                if !matches!(c, '(' | '（') {
                    continue;
                }
                let mut end = i;
                while end > 0 && chars[end - 1].is_whitespace() {
                    end -= 1;
                }
                let start = (0..end)
                    .rev()
                    .take_while(|&k| is_han(chars[k]))
                    .last()
                    .unwrap_or(end);
                if end - start > SAME_NAME && bracket(&chars, i).is_some() {
                    names.push(chars[start..end].to_vec());
                }
            }
        }
        names.sort();
        names.dedup();
        let mut runs: HashMap<_, Vec<_>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            for (at, w) in n.windows(SAME_NAME + 1).enumerate() {
                let run: [char; SAME_NAME + 1] = w.try_into().expect("a window of that size");
                runs.entry(run).or_default().push((i, at));
            }
        }
        let mut spelled = HashMap::new();
        for seg in &doc.segments {
            spelled_out(&seg.target, &mut spelled);
        }
        Named {
            names,
            runs,
            spelled,
        }
    }

    /// Rule 5: the English names of the acronyms the target writes that the document spells
    /// out somewhere, as lowercased words; not an acronym the source has too, nor one that
    /// is a glossary term found in the target or spells a name of the glossary.
    fn spelled_in(&self, source: &Source, target: &str, target_hits: &[TermHit]) -> Vec<&[String]> {
        if self.spelled.is_empty() {
            return Vec::new();
        }
        // The look-up first: most targets write no acronym the document spells out.
        let mut text = None;
        acronyms(target)
            .filter_map(|(from, word)| Some((from, word, self.spelled.get(word)?)))
            .filter(|&(from, word, _)| {
                let text = text.get_or_insert_with(|| source.chars.iter().collect::<String>());
                !text.contains(word)
                    && !target_hits
                        .iter()
                        .any(|h| h.start < from + word.len() && from < h.start + h.len)
                    && !(source.known_acronym)(word)
            })
            .map(|(_, _, name)| name.as_slice())
            .collect()
    }

    /// Does the term at `[s, e)`, with the [`SAME_NAME`] Han characters before it, stand
    /// in one of the names where a name's head stands: at its end, or followed by at most
    /// [`REST_OF_NAME`] characters? The Han run before a bracket is often a whole clause
    /// (我们无法从工厂总经理那里清楚了解到托尔克罗斯 (Tollcross)), whose 总经理 is no name.
    fn names(&self, chars: &[char], s: usize, e: usize) -> bool {
        if s < SAME_NAME || !chars[s - SAME_NAME..s].iter().all(|&c| is_han(c)) {
            return false;
        }
        let wanted = &chars[s - SAME_NAME..e];
        let Some(run) = wanted.get(..=SAME_NAME).and_then(|r| r.try_into().ok()) else {
            return false;
        };
        let at_end = |&&(i, at): &&(usize, usize)| {
            let n: &[char] = &self.names[i];
            n.get(at..at + wanted.len()) == Some(wanted)
                && n.len() - at - wanted.len() <= REST_OF_NAME
        };
        self.runs
            .get::<[char; SAME_NAME + 1]>(&run)
            .is_some_and(|places| places.iter().any(|p| at_end(&p)))
    }
}

/// A Chinese source segment as rule 2 reads it: its text, the glossary terms found in it,
/// the part-of-speech tag of the word that ends (`true`) or starts at a place
/// ([`PreparedSegment::tag_at`](crate::glossary::matcher::PreparedSegment::tag_at)), and
/// whether an acronym spells a name of the glossary.
pub(super) struct Source<'a> {
    /// The source's characters, collected once per segment.
    pub chars: &'a [char],
    pub hits: &'a [TermHit<'a>],
    pub tag_at: &'a dyn Fn(usize, bool) -> Option<String>,
    /// Where the word ending at a place starts, and its tag.
    pub word_before: &'a dyn Fn(usize) -> Option<(usize, String)>,
    /// Where the word starting at a place ends, and its tag.
    pub word_after: &'a dyn Fn(usize) -> Option<(usize, String)>,
    pub known_acronym: &'a dyn Fn(&str) -> bool,
    /// Rule 8: [`about_another_country`] of the segment's source, asked once a segment.
    pub about_another_country: &'a dyn Fn() -> bool,
}

impl Source<'_> {
    /// Does the term at `[s, e)` end a longer Chinese name: after a noun, a name of a place
    /// or body, an abbreviation, a verbal noun or a word the dictionary lacks, and not after
    /// another glossary term? And is it no title of a person: no personal name next to it
    /// (习近平主席, 主席张宝文, 主席 Ellen McCourt)?
    fn ends_a_name(&self, chars: &[char], s: usize, e: usize) -> bool {
        // What the text and the hits say first: tagging the source costs far more.
        if !self.may_end_a_name(chars, s, e) {
            return false;
        }
        self.tags_end_a_name(s, e)
    }

    /// What [`Source::ends_a_name`] asks of the segmenter: a noun before the term, and no
    /// personal name next to it.
    fn tags_end_a_name(&self, s: usize, e: usize) -> bool {
        let person = |t: &Option<String>| t.as_deref().is_some_and(|t| t.starts_with("nr"));
        let before = (self.tag_at)(s, true);
        before.as_deref().is_some_and(noun) && !person(&before) && !person(&(self.tag_at)(e, false))
    }

    /// Rule 5: does the term at `[s, e)` end the Chinese name of a body the target calls by
    /// an acronym the document spells out as `name`? As [`Source::ends_a_name`], except that
    /// the word before may be a glossary term if `name` renders it (海关 of
    /// 中央间接税和海关委员会, in the Central Board of Indirect Taxes and Customs):
    /// `before_in_name` says whether one does.
    fn ends_a_spelled_name(
        &self,
        chars: &[char],
        s: usize,
        e: usize,
        before_in_name: bool,
    ) -> bool {
        self.may_end_a_name_after(chars, s, e, before_in_name) && self.tags_end_a_name(s, e)
    }
}

/// The head of an English name (words lowercased): the word before its first "of" or
/// "for" (the Central Board of Direct Taxes), else its last (the Junior Doctors Committee).
fn name_head(name: &[String]) -> &str {
    let of = name
        .iter()
        .position(|w| w == "of" || w == "for")
        .filter(|&i| i > 0);
    match of {
        Some(i) => &name[i - 1],
        None => name.last().map_or("", String::as_str),
    }
}

/// Do the words of `rendering`, lowercased, stand in a row in `name` (words lowercased)?
fn in_name(name: &[String], rendering: &str) -> bool {
    let words: Vec<String> = rendering
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty() && name.windows(words.len()).any(|w| w == words.as_slice())
}

impl Source<'_> {
    /// What [`Source::ends_a_name`] asks of the text and the hits alone: a Han character
    /// before the term that ends no glossary term (with CC-CEDICT as the glossary the word
    /// before a term is almost always a term too), and no name in Latin letters after it.
    fn may_end_a_name(&self, chars: &[char], s: usize, e: usize) -> bool {
        self.may_end_a_name_after(chars, s, e, false)
    }

    /// [`Source::may_end_a_name`], with a glossary term before the term allowed when
    /// `term_before_allowed` (rule 5).
    fn may_end_a_name_after(
        &self,
        chars: &[char],
        s: usize,
        e: usize,
        term_before_allowed: bool,
    ) -> bool {
        let latin_name_after = chars[e..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_ascii_uppercase);
        s > 0
            && is_han(chars[s - 1])
            && (term_before_allowed || !self.hits.iter().any(|h| h.start + h.len == s))
            && !latin_name_after
    }

    /// Rule 3: does the longer name the term at `s` ends hold a place or a personal name, as
    /// the segmenter tags them (英国/癌症/研究/中心, 康沃尔郡/住房/协会, 卡内基/科学/研究所)?
    /// The name is read back from the term over nouns, at most [`NAME_WORDS`] words, and
    /// stops at anything else (艺术委员会 of 英格兰国家信托和艺术委员会 stops at 和).
    fn named_after_a_place_or_person(&self, chars: &[char], s: usize) -> bool {
        self.name_before(chars, s)
            .iter()
            .any(|(_, tag)| tag.starts_with("nr") || tag.starts_with("ns"))
    }
}

/// Rule 6: the Chinese names of the countries other than China, one a line after its
/// ISO 3166-1 code.
static COUNTRIES: &str = include_str!("foreign_countries.tsv");

/// Rules 6 and 8: the Chinese names of those countries' states, provinces and regions
/// (ISO 3166-2), one a line after its code, cleaned by rule of the names that are also
/// common words or China's places (the file's header says how). 密苏里州 and 康沃尔郡 say
/// whose body a name or a segment speaks of as much as 美国 and 英国 do.
static SUBDIVISIONS: &str = include_str!("foreign_subdivisions.tsv");

/// [`COUNTRIES`] and [`SUBDIVISIONS`] as a set of names, read once. FxHash, not SipHash:
/// [`country_within`] asks about every run of characters before hundreds of thousands of
/// terms with CC-CEDICT.
fn foreign_countries() -> &'static FxHashSet<Vec<char>> {
    static SET: OnceLock<FxHashSet<Vec<char>>> = OnceLock::new();
    SET.get_or_init(|| {
        COUNTRIES
            .lines()
            .chain(SUBDIVISIONS.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(1))
            .map(|n| n.chars().collect())
            .collect()
    })
}

/// The first characters of [`foreign_countries`]' names: a run starting with another one is no
/// name, which one look-up of a character tells instead of one of each run from there.
fn country_starts() -> &'static FxHashSet<char> {
    static SET: OnceLock<FxHashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        foreign_countries()
            .iter()
            .filter_map(|n| n.first().copied())
            .collect()
    })
}

/// The longest name of [`foreign_countries`], in characters.
fn longest_country() -> usize {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    *LONGEST.get_or_init(|| foreign_countries().iter().map(Vec::len).max().unwrap_or(0))
}

/// Is a country's name in `chars[from..s]`?
fn country_within(chars: &[char], from: usize, s: usize) -> bool {
    let (countries, starts) = (foreign_countries(), country_starts());
    let longest = longest_country();
    (from..s).any(|i| {
        starts.contains(&chars[i])
            && (i + 2..=s.min(i + longest)).any(|j| countries.contains(&chars[i..j]))
    })
}

/// Rule 8: words that make a segment's bodies China's: its national and Party names, its
/// capital, the autonomous areas, and 内蒙古, whose 蒙古 is the list's Mongolia.
const CHINA_WORDS: &[&str] = &[
    "中国",
    "中华",
    "中共",
    "中央",
    "全国",
    "国家",
    "国务院",
    "我国",
    "北京",
    "政协",
    "人大",
    "党委",
    "自治区",
    "自治州",
    "自治县",
    "内蒙古",
];

/// The administrative words a name of [`SUBDIVISIONS`] may end with (`SUB_SUFFIX` of
/// `bench/check_data.py`): a name ending with one says where it ends (密苏里州); one without
/// (梅德韦, Medway; 沃尔特, Volta; 阿布拉, Abra) may be a run of characters inside a longer
/// transliterated name (梅德韦杰夫, Medvedev; 沃尔特斯; 阿布拉莫维奇).
const ADMINISTRATIVE_WORDS: &[&str] = &[
    "特区", "大区", "地区", "州", "省", "郡", "邦", "县", "府", "区", "市",
];

/// The names of [`SUBDIVISIONS`] that end with no [`ADMINISTRATIVE_WORDS`] and are no
/// country's name of [`COUNTRIES`]: rule 8 believes them only as whole words of the
/// segmenter's reading.
fn bare_subdivisions() -> &'static FxHashSet<Vec<char>> {
    static SET: OnceLock<FxHashSet<Vec<char>>> = OnceLock::new();
    SET.get_or_init(|| {
        let names = |file: &'static str| {
            file.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').nth(1))
        };
        let countries: FxHashSet<&str> = names(COUNTRIES).collect();
        names(SUBDIVISIONS)
            .filter(|n| !countries.contains(n))
            .filter(|n| !ADMINISTRATIVE_WORDS.iter().any(|w| n.ends_with(w)))
            .map(|n| n.chars().collect())
            .collect()
    })
}

/// Rule 8: does the source (`text`, as `chars`) name another country or a person by a
/// transliterated name (an interpunct between Han characters), and hold no word of
/// [`CHINA_WORDS`]? The words first: a look-up of every run of characters in the countries'
/// names costs more. A name of [`bare_subdivisions`] counts only where `whole_words(i, j)`
/// says that `chars[i..j]`, alone or with an administrative word after it, cuts no word of
/// the segmenter's reading and runs on into no personal name (梅德韦 is no Medway in
/// 梅德韦杰夫, which jieba reads 梅德韦/杰夫, 杰夫 a name): asked last, since it segments the
/// source.
pub(super) fn about_another_country(
    text: &str,
    chars: &[char],
    whole_words: &dyn Fn(usize, usize) -> bool,
) -> bool {
    if holds_china_word(text) {
        return false;
    }
    if chars
        .windows(3)
        .any(|w| is_han(w[0]) && interpunct(w[1]) && is_han(w[2]))
    {
        return true;
    }
    let (countries, starts, bare) = (foreign_countries(), country_starts(), bare_subdivisions());
    let longest = longest_country();
    let mut bare_hits = Vec::new();
    for i in (0..chars.len()).filter(|&i| starts.contains(&chars[i])) {
        for j in
            (i + 2..=chars.len().min(i + longest)).filter(|&j| countries.contains(&chars[i..j]))
        {
            if !bare.contains(&chars[i..j]) {
                return true;
            }
            bare_hits.push((i, j));
        }
    }
    // The name with its administrative word may be one word of the segmenter's (康沃尔郡).
    bare_hits.into_iter().any(|(i, j)| {
        whole_words(i, j)
            || ADMINISTRATIVE_WORDS.iter().any(|w| {
                let w: Vec<char> = w.chars().collect();
                chars[j..].starts_with(&w) && whole_words(i, j + w.len())
            })
    })
}

/// How far before a term rule 6 looks for a country's name before asking the segmenter:
/// four words of a name (乌干达卫生部常任 is seven characters).
const COUNTRY_WINDOW: usize = 16;

/// Is a country's name among the [`COUNTRY_WINDOW`] characters before `s`? Only what the
/// characters say: tagging the source costs far more.
fn country_just_before(chars: &[char], s: usize) -> bool {
    country_within(chars, s.saturating_sub(COUNTRY_WINDOW), s)
}

/// Does a word of a name make it a Chinese body's: China's national and Party prefixes, and
/// the autonomous areas, whose minority peoples' names are written with the interpunct too?
fn chinese_body_word(word: &str) -> bool {
    ["中国", "中华", "中共", "全国"]
        .iter()
        .any(|p| word.starts_with(p))
        || ["自治区", "自治州", "自治县"]
            .iter()
            .any(|p| word.ends_with(p))
}

/// The marks that join the parts of a transliterated name (· of 艾伦·K·考贝奇, and its look-alikes).
fn interpunct(c: char) -> bool {
    matches!(c, '·' | '•' | '‧' | '・' | '･')
}

/// How many characters after a term rule 7 looks for a transliterated name before asking the
/// segmenter: 的, a title of three characters and a name's first part of six.
const PERSON_WINDOW: usize = 10;

/// What rule 7 asks of the characters alone: an interpunct soon after the term, with only Han
/// characters between.
fn may_name_a_foreign_person(chars: &[char], e: usize) -> bool {
    chars[e..]
        .iter()
        .take(PERSON_WINDOW + 1)
        .take_while(|&&c| is_han(c) || interpunct(c))
        .any(|&c| interpunct(c))
}

impl Source<'_> {
    /// The words of the name the term at `s` ends, with their tags, read back over nouns
    /// (at most [`NAME_WORDS`]), nearest first.
    fn name_before(&self, chars: &[char], s: usize) -> Vec<(String, String)> {
        let mut words = Vec::new();
        let mut at = s;
        while words.len() < NAME_WORDS {
            let Some((start, tag)) = (self.word_before)(at) else {
                break;
            };
            if !chars[start..at].iter().all(|&c| is_han(c)) || !noun(&tag) {
                break;
            }
            words.push((chars[start..at].iter().collect(), tag));
            at = start;
        }
        words
    }

    /// Rule 6: does a foreign country open the name the term at `s` ends (英国/田径/协会)?
    fn in_a_foreign_countrys_name(&self, chars: &[char], s: usize) -> bool {
        let name = self.name_before(chars, s);
        let countries = foreign_countries();
        name.iter()
            .any(|(w, _)| countries.contains(&w.chars().collect::<Vec<_>>()))
            && !name.iter().any(|(w, _)| chinese_body_word(w))
    }

    /// Rule 7: is the term at `[s, e)` a title of a person named by a transliterated foreign
    /// name, or a body such a person speaks for: the name right after it, after 的, or after
    /// one noun of three characters at most (负责人)?
    fn names_a_foreign_person(&self, chars: &[char], s: usize, e: usize) -> bool {
        let name_at = |at: usize| {
            (self.word_after)(at).is_some_and(|(end, _)| {
                chars[at..end].iter().all(|&c| is_han(c))
                    && chars.get(end).copied().is_some_and(interpunct)
            })
        };
        let after = if chars.get(e) == Some(&'的') {
            e + 1
        } else {
            e
        };
        let person = name_at(after)
            || (self.word_after)(after).is_some_and(|(end, tag)| {
                end - after <= 3
                    && tag.starts_with('n')
                    && !tag.starts_with("nr")
                    && chars[after..end].iter().all(|&c| is_han(c))
                    && name_at(end)
            });
        person
            && !self
                .name_before(chars, s)
                .iter()
                .any(|(w, _)| chinese_body_word(w))
    }
}

/// Rule 4: words that make the noun after them a description of a body named before, not
/// its name: 该委员会 "the council", 该中心 "the agency", 此中心, 这个委员会.
const DEMONSTRATIVES: &[&str] = &[
    "该", "此", "这", "那", "这个", "那个", "这些", "那些", "这家", "那家",
];

impl Source<'_> {
    /// Rule 4: is the term at `s` the head of a noun phrase a demonstrative opens, as one
    /// word of the segmenter's reading (该/委员会, not 应该/委员会 "the committee should")?
    fn after_a_demonstrative(&self, chars: &[char], s: usize) -> bool {
        may_follow_a_demonstrative(chars, s)
            && (self.word_before)(s).is_some_and(|(start, _)| {
                let word: String = chars[start..s].iter().collect();
                DEMONSTRATIVES.contains(&word.as_str())
            })
    }
}

/// What [`Source::after_a_demonstrative`] asks of the characters alone: tagging the source
/// costs far more, and with CC-CEDICT as the glossary most terms are asked about.
fn may_follow_a_demonstrative(chars: &[char], s: usize) -> bool {
    s > 0 && matches!(chars[s - 1], '该' | '此' | '这' | '那' | '个' | '些' | '家')
}

/// Is one of the renderings headed by a capitalised word, as an English name's head is
/// (Committee, Center)? Only such a term can be a body's name.
fn names_heads(renderings: &[String]) -> bool {
    renderings.iter().any(|r| {
        r.split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// Rule 8: is every rendering a name's head? A word with a common sense beside its name
/// (时, "time" and "surname Shi") is no body of another country's.
fn all_name_heads(renderings: &[String]) -> bool {
    !renderings.is_empty()
        && renderings
            .iter()
            .all(|r| names_heads(std::slice::from_ref(r)))
}

/// Rule 9: is every rendering one capitalised word (Committee, Association, Tribunal), a
/// generic head that names no body by itself? A title or name of more words (Factory
/// Manager, Chief Prosecutor) says which office it is, and another body's English name is no
/// sign that the glossary's does not apply.
fn generic_head(renderings: &[String]) -> bool {
    !renderings.is_empty()
        && renderings.iter().all(|r| {
            let mut words = r.split_whitespace();
            words
                .next()
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
                && words.next().is_none()
        })
}

/// Rule 9: how many capitalised words the target's English name must have: a proper name the
/// translation gives (Ladies Who Launch, Service Employees International Union), which a
/// rendering of a generic head and one modifier ("Education Board" for 教育委员会, a wrong
/// rendering of a Chinese body) is not.
const LONG_NAME: usize = 3;

/// Rules 8 and 9: does the source hold a word of [`CHINA_WORDS`]?
fn holds_china_word(text: &str) -> bool {
    CHINA_WORDS.iter().any(|w| text.contains(w))
}

/// How many words before the term rule 3 reads as the rest of its name: 劳登县/监督/委员会
/// is two, 英国/癌症/研究/中心 three.
const NAME_WORDS: usize = 4;

/// A tag of a word that can stand in a body's name before its head: a noun, a name, an
/// abbreviation, a verbal or adjectival noun (研究, 安全), or a word the dictionary lacks.
fn noun(t: &str) -> bool {
    t.starts_with('n') || matches!(t, "j" | "vn" | "an" | "x")
}

/// Is the source term `hit` the head of another body's name that the pair shows has a name
/// of its own (module doc)? `target` is the translation, `target_hits` the glossary terms
/// found in it, `renderings` the term's approved renderings, `named` the names the document
/// gives in Latin letters.
pub(super) fn heads_own_name(
    source: &Source,
    hit: &TermHit,
    (target, target_hits): (&str, &[TermHit]),
    (renderings, before): (&[String], &dyn Fn() -> Vec<String>),
    named: &Named,
) -> bool {
    let chars = source.chars;
    let (s, e) = (hit.start, hit.start + hit.len);
    if e > chars.len() || !chars[s..e].iter().all(|&c| is_han(c)) {
        return false;
    }
    // A bracket after the name decides by itself whether the target follows it; the
    // document's other names are for segments without one.
    let given = match latin_bracket_after(chars, e) {
        Some(inside) => stands_in_target(&inside, target),
        None => named.names(chars, s, e),
    };
    // The acronym first: segmenting and tagging the source costs far more, and most
    // targets have none (with CC-CEDICT as the glossary, tagging every source with a term
    // not rendered doubled the check's CPU time).
    given
        || (may_follow_a_demonstrative(chars, s)
            && names_heads(renderings)
            && source.after_a_demonstrative(chars, s))
        || (acronym_in_target(chars, target, target_hits, renderings, source.known_acronym)
            && source.ends_a_name(chars, s, e))
        || (source.may_end_a_name(chars, s, e)
            && english_name_in_target(target, target_hits, renderings, 2)
            && source.ends_a_name(chars, s, e)
            && source.named_after_a_place_or_person(chars, s))
        || (names_heads(renderings)
            && source.may_end_a_name(chars, s, e)
            && country_just_before(chars, s)
            && source.in_a_foreign_countrys_name(chars, s))
        || (names_heads(renderings)
            && may_name_a_foreign_person(chars, e)
            && source.names_a_foreign_person(chars, s, e))
        || (all_name_heads(renderings)
            && !country_within(chars, s, e)
            && (source.about_another_country)()
            && !pinyin_name_in(target))
        || (generic_head(renderings)
            && source.may_end_a_name(chars, s, e)
            && english_name_in_target(target, target_hits, renderings, LONG_NAME)
            && !holds_china_word(&chars.iter().collect::<String>())
            && source.ends_a_name(chars, s, e))
        || named
            .spelled_in(source, target, target_hits)
            .into_iter()
            .any(|name| {
                // The acronym's name renders the term (Customs in CBIC's), or the term ends
                // the Chinese name of the body it abbreviates, whose English has a head of
                // its own (Board, not Committee).
                renderings.iter().any(|r| in_name(name, r))
                    || (!renderings
                        .iter()
                        .flat_map(|r| r.split(|c: char| !c.is_ascii_alphabetic()))
                        .any(|w| !w.is_empty() && name.contains(&w.to_lowercase()))
                        && source.ends_a_spelled_name(chars, s, e, {
                            // The glossary term before is inside the name, not its head:
                            // 委员会 heads the Junior Doctors Committee, and 主席 after it
                            // is the committee's chair, outside the name.
                            let before = before();
                            before.iter().any(|r| in_name(name, r))
                                && !before.iter().any(|r| {
                                    r.split_whitespace()
                                        .last()
                                        .is_some_and(|w| w.to_lowercase() == name_head(name))
                                })
                        }))
            })
}

/// Words that may join the capitalised words of an English name (Carnegie Institution for
/// Science, Board of Supervisors).
const JOINS: &[&str] = &["of", "for", "and", "the", "&", "de"];

/// Rules 3 and 9, on the target's side: no word of five letters or more in capitals that reads as
/// pinyin (a Chinese place or person named in the pair), and a name of `least` capitalised words
/// or more (two for rule 3, [`LONG_NAME`] for rule 9), not at a sentence's start (joined by "of", "for"…), none of which reads as pinyin (a Chinese place or person is written in pinyin:
/// Rugao Municipal Party Committee is a Chinese body's), nor is a word of one of the term's
/// renderings (Manbij Military Council may be another's; a Beijing Municipal Committee is
/// the glossary's rendering), nor stands in a glossary term found in the target. Only for a
/// term with a rendering in capitals, a name's head.
fn english_name_in_target(
    target: &str,
    target_hits: &[TermHit],
    renderings: &[String],
    least: usize,
) -> bool {
    if !names_heads(renderings) {
        return false;
    }
    let rendering_words: Vec<String> = renderings
        .iter()
        .flat_map(|r| r.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // The target's words of letters, with their character offsets, and whether each starts
    // a sentence (capitalised for that reason alone: "Until March 8, …").
    let mut words: Vec<(usize, &str, bool)> = Vec::new();
    let mut sentence_start = true;
    let mut start = None;
    let mut byte_start = 0;
    let chars = target
        .char_indices()
        .chain(std::iter::once((target.len(), ' ')));
    for (k, (b, c)) in chars.enumerate() {
        let letter = c.is_ascii_alphabetic() || (start.is_some() && matches!(c, '\'' | '’'));
        match (letter, start) {
            (true, None) => (start, byte_start) = (Some(k), b),
            (false, Some(from)) => {
                let w = target[byte_start..b].trim_end_matches(['\'', '’']);
                // The possessive: Cornwall Housing's.
                let w = w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(w);
                words.push((from, w, sentence_start));
                sentence_start = false;
                start = None;
            }
            _ => {}
        }
        if start.is_none() && matches!(c, '.' | '!' | '?' | ':' | ';' | '"' | '“' | '‘' | '\'')
        {
            sentence_start = true;
        }
    }
    let capital = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
    // A Chinese place or person in the pair (Shuyang County, Xi Jinping): the body may be
    // Chinese, whatever else the target names.
    if words.iter().any(|&(_, w, _)| pinyin_name(w)) {
        return false;
    }
    let capital = |&(_, w, first): &(usize, &str, bool)| !first && capital(w);
    let fits = |&(at, w, _): &(usize, &str, bool)| {
        !reads_as_pinyin(w)
            && !rendering_words.contains(&w.to_lowercase())
            && !target_hits
                .iter()
                .any(|h| h.start < at + w.len() && at < h.start + h.len)
    };
    let mut i = 0;
    while i < words.len() {
        if !capital(&words[i]) {
            i += 1;
            continue;
        }
        // A run of capitalised words, joined by JOINS, ending with a capitalised word.
        let (mut j, mut capitals, mut last) = (i, 0, i);
        while j < words.len() && (capital(&words[j]) || JOINS.contains(&words[j].1)) {
            if capital(&words[j]) {
                capitals += 1;
                last = j;
            }
            j += 1;
        }
        let run = &words[i..=last];
        if capitals >= least && run.iter().filter(|w| capital(w)).all(fits) {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// Is `word` a capitalised word of five letters or more that reads as pinyin, a Chinese place
/// or person (Shuyang, Jinping)? Five letters, as two syllables are, since English has short
/// words that read as pinyin ("He", "Long").
fn pinyin_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase()) && word.len() >= 5 && reads_as_pinyin(word)
}

/// Rule 8's guard: does the target name a Chinese place or person in pinyin, a capitalised
/// word of five letters or more in at most two syllables (Jinping, Rugao, China)? Rule 3's
/// guard takes any number, and so takes Senate (se-na-te), Hungarian and Mexican for Chinese
/// names: rule 8 asks the segment's other words about the country, and English words must
/// not speak for China there. Words as [`english_name_in_target`] reads them: letters and
/// apostrophes (Min'er), a possessive dropped.
fn pinyin_name_in(target: &str) -> bool {
    target
        .split(|c: char| !(c.is_ascii_alphabetic() || matches!(c, '\'' | '’')))
        .map(|w| {
            let w = w.trim_end_matches(['\'', '’']);
            w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(w)
        })
        .any(|w| pinyin_name(w) && fewest_syllables(w).is_some_and(|n| n <= 2))
}

/// The words of three to six capitals in a text, with their character offsets ("BMA's"
/// splits at the apostrophe: the word is BMA).
fn acronyms(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .map(move |word| {
            let from = at;
            at += word.chars().count() + 1;
            (from, word)
        })
        .filter(|(_, w)| (3..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Rule 5: the acronyms `target` spells out, "Central Board of Direct Taxes (CBDT)", into
/// `out`. The English name is the shortest run of capitalised words (joined by [`JOINS`])
/// right before the bracket whose initials hold the acronym's letters in order, the first
/// and last the name's own (CBIC: Central Board of Indirect Taxes and Customs).
fn spelled_out(target: &str, out: &mut HashMap<String, Vec<String>>) {
    if !target.contains(['(', '（']) {
        return;
    }
    for (open, _) in target.match_indices(['(', '（']) {
        let after = &target[open + target[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(inside) = after.split([')', '）']).next() else {
            continue;
        };
        if inside.len() == after.len()
            || !(3..=6).contains(&inside.len())
            || !inside.bytes().all(|b| b.is_ascii_uppercase())
        {
            continue;
        }
        let before: Vec<&str> = target[..open]
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let capital = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
        // The words of the name, read back from the bracket.
        let run: Vec<&str> = before
            .iter()
            .rev()
            .take_while(|w| capital(w) || JOINS.contains(w))
            .copied()
            .collect();
        let letters: Vec<char> = inside.chars().collect();
        for n in 1..=run.len() {
            let name: Vec<&str> = run[..n].iter().rev().copied().collect();
            if !capital(name[0]) || !capital(run[0]) {
                continue;
            }
            let initials: Vec<char> = name
                .iter()
                .filter(|w| capital(w))
                .filter_map(|w| w.chars().next())
                .collect();
            if initials.len() < letters.len()
                || initials[0] != letters[0]
                || initials.last() != letters.last()
            {
                continue;
            }
            let mut rest = initials[1..initials.len() - 1].iter();
            if letters[1..letters.len() - 1]
                .iter()
                .all(|c| rest.any(|i| i == c))
            {
                let words = name.iter().map(|w| w.to_lowercase()).collect();
                out.entry(inside.to_string()).or_insert(words);
                break;
            }
        }
    }
}

/// The text of the bracket opening at `open`, if it is a name in Latin letters: two letters
/// or more, no Han character, at most [`BRACKET`] characters.
fn bracket(chars: &[char], open: usize) -> Option<String> {
    let inside: String = chars[open + 1..]
        .iter()
        .take(BRACKET)
        .take_while(|&&c| !matches!(c, ')' | '）'))
        .collect();
    let letters = inside.chars().filter(char::is_ascii_alphabetic).count();
    (!inside.chars().any(is_han) && letters >= 2).then_some(inside)
}

/// Rule 1: the bracket in Latin letters after the name the term heads, if there is one.
fn latin_bracket_after(chars: &[char], end: usize) -> Option<String> {
    let mut i = end;
    while i < chars.len() && i - end < REST_OF_NAME && is_han(chars[i]) {
        i += 1;
    }
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if !matches!(chars.get(i), Some('(' | '（')) {
        return None;
    }
    bracket(chars, i)
}

/// Does a word of three letters or more of the bracket stand in the target?
fn stands_in_target(inside: &str, target: &str) -> bool {
    let target = target.to_lowercase();
    inside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .any(|w| target.contains(&w.to_lowercase()))
}

/// Rule 2, once the term is known to end a longer Chinese name: the target has an acronym
/// of that name.
fn acronym_in_target(
    chars: &[char],
    target: &str,
    target_hits: &[TermHit],
    renderings: &[String],
    known_acronym: &dyn Fn(&str) -> bool,
) -> bool {
    // The initial of each rendering's last word, its head in an English name of a body.
    let initials: Vec<char> = renderings
        .iter()
        .filter_map(|r| r.split_whitespace().last()?.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    if initials.is_empty() {
        return false;
    }
    let source: String = chars.iter().collect();
    // Character offsets of the target's words tell an acronym from a glossary term found
    // there.
    for (from, word) in acronyms(target) {
        let n = word.len();
        let known = target_hits
            .iter()
            .any(|h| h.start < from + n && from < h.start + h.len);
        if !known
            && !source.contains(word)
            && word.chars().last().is_some_and(|c| initials.contains(&c))
            && !known_acronym(word)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::check::CheckId;

    fn titles() -> Glossary {
        glossary_for(
            "zh-CN",
            "en",
            vec![
                vec![zh("委员会"), en("Committee"), en("Commission")],
                vec![zh("协会"), en("Association")],
                vec![zh("中心"), en("Center")],
                vec![zh("中国共产党"), en("Communist Party of China"), en("CPC")],
                vec![zh("主席"), en("Chairman")],
                vec![zh("全美篮球协会"), en("National Basketball Association")],
                vec![zh("海关"), en("Customs")],
                vec![zh("秘书长"), en("Secretary-General")],
                vec![zh("副处长"), en("Deputy Division Director")],
                vec![zh("总工会"), en("Federation of Trade Unions")],
                vec![zh("副主席"), en("Vice Chairman")],
                vec![zh("委员"), en("Member")],
                vec![zh("厂长"), en("Factory Manager")],
            ],
        )
    }

    fn missing(rows: &[(&str, &str)]) -> Vec<u64> {
        let doc = bilingual_for("zh-CN", "en", rows);
        lines(&run(&doc, &titles(), CheckId::TermMissing))
    }

    #[test]
    fn a_body_named_in_latin_letters_in_the_source_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                (
                    "愤怒的居民对索利赫尔委员会 (Solihull Council) 进行了抨击。",
                    "Furious residents have savaged Solihull Council.",
                ),
                (
                    "欧洲足球协会联盟 (UEFA) 有权禁赛。",
                    "UEFA has the power to ban teams.",
                ),
                // The bracket's name is not in the target: the translation did not follow it.
                ("索利赫尔委员会 (Solihull Council) 开会。", "The board met.",),
                // A bracket of Han characters is no name.
                ("市委员会（北京）开会。", "The city board met."),
            ]),
            [3, 4]
        );
    }

    #[test]
    fn a_name_the_document_gives_in_latin_letters_once_is_that_body_elsewhere() {
        assert_eq!(
            missing(&[
                (
                    "瑞典国家法医学中心 (Rattsmedicinalverket) 开始检测。",
                    "Rattsmedicinalverket started the tests.",
                ),
                (
                    "然而法医学中心的葛兰森为测试辩护。",
                    "The Forensic Medicine Agency's Goransson defended the tests.",
                ),
                // Other characters before the term are another name (two characters were
                // too few to say it is the same name: 该中心 is now rule 4's).
                (
                    "北京市的中心公布了结果。",
                    "The service released the results."
                ),
                // The Han run before a bracket far after the term is a clause, not a name.
                (
                    "我们无法从本市的中心那里清楚了解到托尔克罗斯 (Tollcross) 的计划。",
                    "We cannot get clarity from the city's office over Tollcross.",
                ),
                ("他们来自本市的中心。", "They came from the city's office."),
            ]),
            [3, 4, 5]
        );
    }

    #[test]
    fn a_body_named_by_its_acronym_in_the_target_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                (
                    "初级医生与医科学生投票抵制与英国医学协会达成的合同交易。",
                    "Junior doctors voted to reject a contract deal agreed with the BMA.",
                ),
                (
                    "初级医生委员会表示，部长们未解决对于合同的忧虑。",
                    "The JDC's members say ministers have failed to address concerns.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn what_an_english_name_does_not_excuse() {
        // Written first: Chinese bodies and slips that must stay reported.
        assert_eq!(
            missing(&[
                // A Chinese place, written in pinyin in the name.
                (
                    "北京市体育协会昨天开会。",
                    "The Beijing Sports Federation met yesterday.",
                ),
                (
                    "记者从如皋市委员会了解到情况。",
                    "Reporters learned from the Rugao Party Board.",
                ),
                // No place or person in the Chinese name: 评选 is a verb, 艺术 stops at 和.
                (
                    "评选委员会负责人李伟说。",
                    "Li Wei, head of the Judging Panel, said.",
                ),
                (
                    "英格兰国家信托和艺术委员会支持他。",
                    "The National Trust and Arts Council England supported him.",
                ),
                // A place the country list lacks (England), and the target's name is one
                // capitalised word.
                ("英格兰田径协会认为如此。", "English athletics: it is so."),
                // A Chinese place in pinyin in the target: the body may be Chinese, though
                // the target names a Tourism Police Detachment; a sentence's first word is
                // capitalised for that reason (Until March).
                (
                    "海南省三亚市旅游警察协会的成员来到莫斯科。",
                    "Members of Tourism Police Detachment, Sanya City came to Moscow.",
                ),
                (
                    "至2015年3月8日沭阳县委员会勘查时。",
                    "Until March 8, 2015 when the board looked."
                ),
                // The term begins the name.
                (
                    "委员会开会，Cornwall Housing 报道。",
                    "The board met, Cornwall Housing said."
                ),
            ]),
            [1, 2, 3, 4, 5, 6, 7, 8]
        );
    }

    #[test]
    fn a_foreign_body_named_in_its_own_english_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                (
                    "康沃尔郡住房协会房屋经理 Donna McEvoy 说，她担心这处房子已经无法挽救了。",
                    "Donna McEvoy, housing manager at Cornwall Housing, said she feared it might be beyond saving.",
                ),
                (
                    "这项由英国癌症研究中心资助的研究发现。",
                    "The study, funded by Cancer Research UK, found.",
                ),
                (
                    "他是俄罗斯安全委员会的一员。",
                    "He is a member of the Russian Security Council.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn a_body_referred_back_to_by_a_demonstrative_is_no_name() {
        assert_eq!(
            missing(&[
                (
                    "该委员会应该对他们的作为感到羞耻。",
                    "The council needs to be shamed into action.",
                ),
                (
                    "五月份，该中心公布了 581 例测试结果。",
                    "In May, the agency released the results of 581 tests.",
                ),
                ("这个委员会开会了。", "The panel met."),
                // 该 inside 应该 "should" is no demonstrative.
                ("应该委员会负责。", "The panel should be in charge."),
                // The demonstrative must open the term's own word: 该市 "the city's" opens
                // the name 该市/体育/协会 of a body of that city.
                ("该市体育协会开会。", "The city's sports federation met."),
            ]),
            [4, 5]
        );
    }

    fn missing_terms(rows: &[(&str, &str)]) -> Vec<(u64, String)> {
        let doc = bilingual_for("zh-CN", "en", rows);
        run(&doc, &titles(), CheckId::TermMissing)
            .into_iter()
            .map(|f| (f.line, f.source_term.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_body_called_by_an_acronym_the_document_spells_out_is_not_the_glossarys() {
        assert_eq!(
            missing_terms(&[
                (
                    "其中包括中央直接税委员会的 12 名官员。",
                    "Including 12 from the Central Board of Direct Taxes (CBDT).",
                ),
                (
                    "中央间接税和海关委员会强制要求 15 名高级官员退休。",
                    "The Central Board of Indirect Taxes and Customs (CBIC) retired 15 officers.",
                ),
                // Elsewhere the acronym alone: its name renders 海关 (Customs) and is the
                // body 委员会 ends (a Board).
                (
                    "政府强制 22 名中央间接税和海关委员会官员退休。",
                    "The government retired 22 CBIC officials.",
                ),
            ]),
            []
        );
    }

    #[test]
    fn what_an_acronym_spelled_out_does_not_excuse() {
        assert_eq!(
            missing_terms(&[
                (
                    "初级医生委员会开会。",
                    "The Junior Doctors Committee (JDC) met.",
                ),
                // The chair after the committee's name is outside it: the name's head is the
                // committee's rendering.
                ("初级医生委员会主席开会。", "The JDC chair met."),
                // An acronym the document does not spell out, without the head's initial.
                ("中央税务委员会开会。", "The CBT met."),
                // The term begins the sentence: no name ends with it.
                ("委员会开会。", "The CBDT met (CBDT)."),
            ]),
            [
                (2, "主席".to_string()),
                (3, "委员会".to_string()),
                (4, "委员会".to_string())
            ]
        );
    }

    #[test]
    fn what_an_acronym_does_not_excuse() {
        assert_eq!(
            missing(&[
                // The acronym lacks the rendering's initial (Association: no A in CPJ).
                (
                    "在保护记者协会授予奖项的时候，他说话了。",
                    "He spoke at the time of the CPJ award.",
                ),
                // The term begins the name: no longer name ends with it; nor does it after a
                // verb (强调 "stresses") or after another glossary term, whose title it is.
                ("委员会开会，NBC 报道。", "The board met, NBC reported."),
                (
                    "他强调中国共产党的作用。",
                    "He stressed the role of the CPS."
                ),
                ("初级医生委员会主席开会。", "The JDC chair met.",),
                // An acronym the source has too is the source's, not the body's English name.
                (
                    "评选委员会的 ABC 项目。",
                    "The ABC project of the judging panel."
                ),
                // Two capitals are a country or a union more often than a body's name.
                ("本市评选委员会开会。", "A UK judging panel met."),
                // The acronym is a glossary term: CPC renders 中国共产党, not the committee.
                ("北京市委员会和中国共产党。", "The CPC and the board."),
                // The acronym spells a name of the glossary: that body, not this one.
                // (Not 美国篮球协会: an American body is rule 6's whatever its acronym.)
                ("北京篮球协会的球员。", "An NBA player."),
            ]),
            [1, 2, 3, 4, 5, 6, 7, 8]
        );
    }

    #[test]
    fn regression_a_body_of_a_foreign_country_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                ("英国田径协会认为如此。", "British athletics: it is so."),
                (
                    "我们与员工和英国总工会代表举行了例会。",
                    "We had a meeting with employees and GMB representatives.",
                ),
                (
                    "乌干达卫生部常任秘书长表示，这种产品推出得非常及时。",
                    "The permanent secretary in the Ministry of Health said this is timely.",
                ),
                (
                    "该交易所是英国——南非技术中心。",
                    "The exchange is the UK-SA Tech Hub.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn what_a_foreign_country_does_not_excuse() {
        // Written first: the country must open the term's own name, and a name that holds
        // China's is a Chinese body's.
        assert_eq!(
            missing_terms(&[
                // The country is elsewhere in the sentence (the real finding of sample 16).
                (
                    "俄罗斯总统普京对中国共产党第十九次全国代表大会闭幕表示祝贺。",
                    "Putin congratulated him on the close of the 19th Congress.",
                ),
                // A verb, 的 or 和 ends the name before the country.
                (
                    "美国总统会见了北京市委员会的代表。",
                    "The US president met the city's delegates.",
                ),
                (
                    "在英国的北京市委员会开会。",
                    "The Beijing board met in Britain."
                ),
                (
                    "英国和北京的委员会开会。",
                    "British and Beijing boards met."
                ),
                // A Chinese body named after another country.
                (
                    "中国日本友好协会开会。",
                    "The China-Japan friendship group met.",
                ),
            ]),
            [
                (1, "中国共产党".to_string()),
                (2, "委员会".to_string()),
                (3, "委员会".to_string()),
                (4, "委员会".to_string()),
                (5, "协会".to_string()),
            ]
        );
    }

    #[test]
    fn what_a_segment_about_another_country_does_not_excuse() {
        // Written first: a segment that names another country or a foreign person may
        // still be about a Chinese body.
        assert_eq!(
            missing_terms(&[
                // The party is China's, whatever else the sentence names (sample 16).
                (
                    "俄罗斯总统普京对中国共产党第十九次全国代表大会闭幕表示祝贺。",
                    "Putin congratulated him on the close of the 19th Congress.",
                ),
                // A word of China's own in the segment: the committee may be China's.
                (
                    "国家发展和改革委员会与美国商务部举行会谈。",
                    "The National Development and Reform Board met the US Commerce Department.",
                ),
                (
                    "中国日本友好协会会见了约翰·史密斯。",
                    "The China-Japan Friendship Group met John Smith.",
                ),
                // A Chinese place or person in the target, written in pinyin.
                (
                    "教育委员会主任张建国会见了美国代表团。",
                    "Zhang Jianguo, head of the Education Board, met the US delegation.",
                ),
                // A minority people's name is written with the interpunct too.
                (
                    "新疆维吾尔自治区教育委员会主任雪克来提·扎克尔表示。",
                    "Shohrat Zakir, head of the regional education board, said.",
                ),
                // Nothing in the segment says whose body it is.
                ("教育委员会开会。", "The Education Board met."),
            ]),
            [
                (1, "中国共产党".to_string()),
                (2, "委员会".to_string()),
                (3, "协会".to_string()),
                (4, "委员会".to_string()),
                (5, "委员会".to_string()),
                (6, "委员会".to_string()),
            ]
        );
    }

    /// Rule 8 excuses the head of another country's body, not any term with a capitalised
    /// rendering: with CC-CEDICT as the glossary it excused 美国 in segments about America
    /// (the country is no body of itself) and 时 ("time", and "surname Shi").
    #[test]
    fn a_country_or_a_word_with_a_common_sense_is_no_foreign_body() {
        let glossary = glossary_for(
            "zh-CN",
            "en",
            vec![
                vec![zh("美国"), en("United States"), en("America")],
                vec![zh("火箭"), en("rocket"), en("Rockets")],
                vec![zh("委员会"), en("Committee")],
            ],
        );
        let doc = bilingual_for(
            "zh-CN",
            "en",
            &[(
                "约翰·史密斯说，美国保护记者委员会发射了火箭。",
                "John Smith said the CPJ in the US launched a missile.",
            )],
        );
        let found: Vec<String> = run(&doc, &glossary, CheckId::TermMissing)
            .into_iter()
            .map(|f| f.source_term.unwrap_or_default())
            .collect();
        assert_eq!(found, ["美国", "火箭"]);
    }

    #[test]
    fn what_a_foreign_subdivision_does_not_excuse() {
        // Written first: a state or province of another country is read as rule 8's
        // country, and what keeps a Chinese body reported must still keep it.
        assert_eq!(
            missing_terms(&[
                // A Chinese province's body beside a US state: its pinyin in the target.
                (
                    "河南省教育委员会会见了加利福尼亚州代表团。",
                    "The Henan Education Board met the California delegation.",
                ),
                // Vietnam's Hà Nam is written 河南省 too: left out of the list.
                (
                    "河南省教育委员会开会。",
                    "The provincial education board met."
                ),
                // A name that opens with a direction is a common phrase (Canada's
                // Northwest Territories, China's north-west).
                (
                    "西北地区教育委员会开会。",
                    "The regional education board met."
                ),
                // A word of China's own in the segment.
                (
                    "国家发展和改革委员会与密苏里州官员会谈。",
                    "The Development Board met Missouri officials.",
                ),
            ]),
            [
                (1, "委员会".to_string()),
                (2, "委员会".to_string()),
                (3, "委员会".to_string()),
                (4, "委员会".to_string()),
            ]
        );
    }

    #[test]
    fn regression_a_body_of_a_foreign_state_or_province_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                // Rule 6: the state opens the body's name (a Cornish landlord, news 5479).
                (
                    "康沃尔郡住房协会本周强行将她驱离该住所。",
                    "Cornwall Housing evicted her this week.",
                ),
                // Rule 8: a segment about a US state, with nothing of China's in it.
                (
                    "密苏里州总检察长办公室的报告显示，审查委员会认为如此。",
                    "A report by Missouri's top prosecutor shows the review panel thinks so.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn regression_a_subdivision_inside_a_transliterated_name_is_no_other_country() {
        // 梅德韦 (Medway), 沃尔特 (Volta), 阿布拉 (Abra) are subdivisions' names without
        // an administrative word: inside 梅德韦杰夫 (Medvedev), 沃尔特斯 (Walters) and
        // 阿布拉莫维奇 (Abramovich) they cut the segmenter's word and say nothing of where
        // the segment is. Without the guard, rule 8 excused all three.
        assert_eq!(
            missing(&[
                (
                    "梅德韦杰夫与教育委员会代表会谈。",
                    "Medvedev held talks with representatives of the Education Board.",
                ),
                (
                    "沃尔特斯致信教育委员会。",
                    "Walters wrote to the Education Board.",
                ),
                (
                    "阿布拉莫维奇会见了教育委员会。",
                    "Abramovich met the Education Board.",
                ),
            ]),
            [1, 2, 3]
        );
    }

    #[test]
    fn a_subdivision_without_its_administrative_word_still_names_it_as_a_word() {
        // Written first, with the guard: 加利福尼亚 (California) and 密苏里 (Missouri)
        // without 州 stand as words of their own, and the segment is about another country.
        assert_eq!(
            missing(&[
                (
                    "审查委员会在加利福尼亚开会。",
                    "The review panel met in California.",
                ),
                (
                    "他在密苏里向审查委员会作证。",
                    "He testified before the review panel in Missouri.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn regression_a_body_in_a_segment_about_another_country_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                (
                    "谷歌于同年迁至山景办公室，安迪·贝托尔斯海姆投资了 10 万美元。",
                    "Google moved to its Mountain View location, Andy Bechtolsheim invested $100,000.",
                ),
                (
                    "他的精神科医生桑托克·雷曾在审查委员会面前表示，后果严重。",
                    "His psychiatrist, Dr. Santoch Rai, has said in front of the review board that it would be severe.",
                ),
                (
                    "匈牙利总理维克托·奥尔班表示，在匈牙利的欧委会委员候选人提名被拒绝后，他有多项解决方案。",
                    "Prime Minister Viktor Orban has said he has several solutions after Hungary's candidate for the European Commission was rejected.",
                ),
                // English words that read as pinyin in more than two syllables (Hungarian:
                // hun-ga-ri-an, Senate: se-na-te) are no Chinese names.
                (
                    "匈牙利总理奥尔班为该国欧委会委员候选人辩护。",
                    "Hungarian PM Orban defends his candidate for EU executive.",
                ),
                (
                    "在美国华盛顿国会山，代理署长彼得·盖纳在参议院拨款委员会国土安全小组委员会举行的听证会上作证。",
                    "Acting Administrator Peter Gaynor testifies before a Senate Appropriations Homeland Security Subcommittee hearing in Washington.",
                ),
                (
                    "在致公司厂长的信中，英国总工会苏格兰分会呼吁麦维他公司解决问题。",
                    "In a letter to the company's site manager, GMB Scotland called on McVitie's to address concerns.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn what_a_long_english_name_does_not_excuse() {
        // Written first: the English name of three capitalised words is believed only for a
        // generic head (one word), in a pair with nothing of China's in it.
        assert_eq!(
            missing_terms(&[
                // Two capitalised words: a rendering of 教育 and the head, as a wrong
                // rendering of a Chinese body is.
                ("教育委员会开会。", "The Education Board met."),
                // A word of China's own in the source.
                (
                    "全国女性创业者协会举行会议。",
                    "The National Women Entrepreneurs Network met.",
                ),
                // A Chinese place in pinyin in the target.
                (
                    "女性创业者协会在如皋举行会议。",
                    "The Women Entrepreneurs Network met in Rugao.",
                ),
                // The term names no longer body: nothing before it.
                ("协会举行会议。", "The Ladies Who Launch met."),
                // A title of two words is no generic head.
                (
                    "纺织工厂厂长出席会议。",
                    "The Textile Mill Works Director attended.",
                ),
                // The name at a sentence's start: its first word is capitalised for that.
                ("女性创业者协会举行会议。", "Ladies Group met on Monday."),
            ]),
            [
                (1, "委员会".to_string()),
                (2, "协会".to_string()),
                (3, "协会".to_string()),
                (4, "协会".to_string()),
                (5, "厂长".to_string()),
                (6, "协会".to_string()),
            ]
        );
    }

    #[test]
    fn regression_a_body_named_in_an_english_name_of_its_own_is_not_the_glossarys() {
        // WMT news, with the Beijing titles: other bodies in segments that name no country,
        // which the translation calls by their own English names.
        assert_eq!(
            missing(&[
                (
                    "在女性创业者协会会议上，这位 38 岁的前女演员会见了几位女性企业创办人。",
                    "The Ladies Who Launch meeting saw the former actress, 38, meet with several women who have set up their own businesses.",
                ),
                (
                    "在医疗保健行业，4,500 名服务业员工国际委员会本地 49分会会员批准罢工。",
                    "In the healthcare sector, the 4,500 members of the Service Employees International Union Local 49 authorized a strike.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn regression_a_foreign_persons_title_is_not_the_glossarys() {
        assert_eq!(
            missing(&[
                (
                    "校园关系处副处长艾伦·K·考贝奇在声明中表示。",
                    "Alan K. Cubbage, the vice president for university relations, said.",
                ),
                (
                    "委员会负责人珍妮·马拉表示，法律并不切合。",
                    "Convener Jenny Marra said the law is not fit.",
                ),
                (
                    "据法医学中心的约翰·葛兰森称，结果可靠。",
                    "According to the lab's John Goransson, the results hold.",
                ),
            ]),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn what_a_transliterated_name_does_not_excuse() {
        // Written first: China's minority peoples write their names with the interpunct too,
        // and a Chinese name after the title is no transliteration.
        assert_eq!(
            missing_terms(&[
                (
                    "新疆维吾尔自治区主席雪克来提·扎克尔表示。",
                    "Xinjiang's governor Shohrat Zakir said.",
                ),
                (
                    "全国政协副主席帕巴拉·格列朗杰出席。",
                    "Phagpa-la Gelek Namgyai, vice president of the CPPCC, attended.",
                ),
                (
                    "主席习近平会见了约翰·史密斯。",
                    "Xi Jinping met John Smith.",
                ),
                // The name is far from the term, in another phrase.
                (
                    "北京市委员会表示欢迎约翰·史密斯。",
                    "The Beijing board welcomed John Smith.",
                ),
            ]),
            [
                (1, "主席".to_string()),
                (2, "副主席".to_string()),
                (3, "主席".to_string()),
                (4, "委员会".to_string()),
            ]
        );
    }
}
