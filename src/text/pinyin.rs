//! Does a word of Latin letters read as Hanyu Pinyin without tones (Beijing, Rugao, Xi'an)?
//! English translations write Chinese places and people in pinyin, and foreign ones in their
//! own spelling (Cornwall, Carnegie, Loudoun): a capitalised name none of whose words reads
//! as pinyin is not the name of a Chinese place or person.
//!
//! The syllables are those of the table of the Scheme for the Chinese Phonetic Alphabet
//! (汉语拼音方案, 1958; ISO 7098), 400-odd, with ü written v or u as typed. A word reads as
//! pinyin when it splits wholly into them (an apostrophe may mark a split). Some English
//! words do too ("Long", "Change", "China"): a caller that treats "reads as pinyin" as
//! "may be Chinese" errs towards keeping a finding.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The syllables by initial: the initial, then its finals (what follows it in a syllable).
const SYLLABLES: &[(&str, &str)] = &[
    ("", "a o e ai ei ao ou an en ang eng er"),
    ("y", "i a e ao ou an in ang ing ong u ue uan un"),
    ("w", "u a o ai ei an en ang eng"),
    ("b", "a o ai ei ao an en ang eng i ie iao ian in ing u"),
    ("p", "a o ai ei ao ou an en ang eng i ie iao ian in ing u"),
    (
        "m",
        "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    ),
    ("f", "a o ei ou an en ang eng u"),
    (
        "d",
        "a e ai ei ao ou an en ang eng ong i ie iao iu ian ing u uo ui uan un",
    ),
    (
        "t",
        "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    ),
    (
        "n",
        "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan v ve ue",
    ),
    (
        "l",
        "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un v ve ue",
    ),
    (
        "g",
        "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    ),
    (
        "k",
        "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    ),
    (
        "h",
        "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    ),
    ("j", "i ia ie iao iu ian in iang ing iong u ue uan un"),
    ("q", "i ia ie iao iu ian in iang ing iong u ue uan un"),
    ("x", "i ia ie iao iu ian in iang ing iong u ue uan un"),
    (
        "zh",
        "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    ),
    (
        "ch",
        "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    ),
    (
        "sh",
        "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    ),
    ("r", "e i ao ou an en ang eng ong u uo ui uan un"),
    ("z", "a e i ai ei ao ou an en ang eng ong u uo ui uan un"),
    ("c", "a e i ai ao ou an en ang eng ong u uo ui uan un"),
    ("s", "a e i ai ao ou an en ang eng ong u uo ui uan un"),
];

/// Is `s` (lower case) one syllable? The table is spelled out once into a set: a check asks
/// this of every capitalised word of thousands of targets.
fn syllable(s: &str) -> bool {
    static ALL: LazyLock<HashSet<String>> = LazyLock::new(|| {
        SYLLABLES
            .iter()
            .flat_map(|&(initial, finals)| finals.split(' ').map(move |f| format!("{initial}{f}")))
            .collect()
    });
    ALL.contains(s)
}

/// Does `word` split wholly into pinyin syllables? Letter case is ignored; an apostrophe
/// (Xi'an) or a hyphen must fall between two syllables.
pub fn reads_as_pinyin(word: &str) -> bool {
    let mut parts = word
        .split(['\'', '’', '-'])
        .map(|p| p.to_ascii_lowercase())
        .peekable();
    parts.peek().is_some() && parts.all(|p| splits(&p))
}

/// Can `s` (lower-case letters) be cut into syllables? The longest syllable has six letters
/// (zhuang, shuang).
fn splits(s: &str) -> bool {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let n = s.len();
    let mut ok = vec![false; n + 1];
    ok[0] = true;
    for end in 1..=n {
        ok[end] = (end.saturating_sub(6)..end).any(|start| ok[start] && syllable(&s[start..end]));
    }
    ok[n]
}

/// The fewest syllables `word` splits into, if it reads as pinyin ([`reads_as_pinyin`]): the
/// parts between apostrophes and hyphens counted together. A Chinese place or person takes
/// one or two a word (Jin-ping, Zhe-jiang, Ru-gao); English words that happen to read as
/// pinyin mostly take more (Se-na-te, Hun-ga-ri-an, A-me-ri-can).
pub fn fewest_syllables(word: &str) -> Option<usize> {
    word.split(['\'', '’', '-'])
        .map(|p| fewest(&p.to_ascii_lowercase()))
        .sum()
}

/// [`splits`], counting: the fewest syllables `s` (lower-case letters) is cut into.
fn fewest(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let n = s.len();
    let mut best: Vec<Option<usize>> = vec![None; n + 1];
    best[0] = Some(0);
    for end in 1..=n {
        best[end] = (end.saturating_sub(6)..end)
            .filter(|&start| syllable(&s[start..end]))
            .filter_map(|start| best[start].map(|k| k + 1))
            .min();
    }
    best[n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fewest_syllables_are_counted() {
        for (w, n) in [
            ("Jinping", Some(2)),
            ("Rugao", Some(2)),
            ("Xi'an", Some(2)),
            ("Shijiazhuang", Some(3)),
            ("Senate", Some(3)),
            ("Hungarian", Some(4)),
            ("Washington", None),
        ] {
            assert_eq!(fewest_syllables(w), n, "{w}");
        }
    }

    #[test]
    fn chinese_names_read_as_pinyin() {
        for w in [
            "Beijing",
            "Rugao",
            "Chongqing",
            "Xi'an",
            "Zhuang",
            "Lu",
            "Jinping",
            "Yongchuan",
            "Shuangliu",
            "Lv",
            "Nanjing",
            "Guangzhou",
            "Er",
        ] {
            assert!(reads_as_pinyin(w), "{w}");
        }
    }

    #[test]
    fn foreign_names_do_not() {
        for w in [
            "Cornwall",
            "Carnegie",
            "Loudoun",
            "Manbij",
            "England",
            "British",
            "UK",
            "Athletics",
            "Housing",
            "Council",
            "Research",
            "Cancer",
            "Russian",
            "Security",
            "Donna",
            "Neil",
            "Board",
            "",
            "Xi'",
            "Beijing2",
        ] {
            assert!(!reads_as_pinyin(w), "{w}");
        }
    }
}
