//! Chinese abbreviations (缩略语) as presence of their full form, for
//! [`PreparedSegment::occurrences`](super::PreparedSegment::occurrences) only: 流感 renders
//! 流行性感冒, 新冠病毒 renders 新型冠状病毒, 北大 renders 北京大学.
//!
//! The standard formation takes a leading part of each word of the full form, in order
//! (流行性/感冒 → 流·感). So a stretch W of the text renders the rendering R when R splits
//! into k ≥ 2 words, each of two characters or more and known to the segmenter's dictionary,
//! and W is a non-empty prefix of each of them, in order, two characters or more, and not a
//! beginning of R: cutting R's end off gives a shorter term with a meaning of its own, not an
//! abbreviation (疾病控制 "disease control" is not 疾病控制中心 "disease control centre",
//! 冠状病毒 is not 冠状病毒暴发 "coronavirus outbreak"), so some part before the last must be
//! shortened. The split is any such split, not jieba's best path: that path keeps 冠状病毒 whole
//! (新型/冠状病毒, so 新冠病毒 would not be read), and the matcher's segmenter, taught the
//! glossary, keeps R itself whole. Words of one character are not parts: every character is a
//! dictionary word, and a split into characters would make any subsequence an abbreviation.
//! The caller also wants W to be one word of the text as the matcher's segmenter reads it:
//! 北大 is not in 东北/大学, and the planted wrong word 冠病病例 (冠/病/病例) does not render
//! 冠状病毒病例. The cost: an abbreviation jieba's dictionary lacks is not read, 新冠病毒
//! (新/冠/病毒) among them.

/// The parts R may split into: every split of `full` into two words or more, each of two
/// characters or more for which `known` holds. Only for a rendering all in Han characters.
fn splits(full: &[char], known: &impl Fn(&str) -> bool) -> Vec<Vec<usize>> {
    fn walk(
        full: &[char],
        from: usize,
        cuts: &mut Vec<usize>,
        known: &impl Fn(&str) -> bool,
        out: &mut Vec<Vec<usize>>,
    ) {
        if from == full.len() {
            if cuts.len() >= 2 {
                out.push(cuts.clone());
            }
            return;
        }
        for end in from + 2..=full.len() {
            if from == 0 && end == full.len() {
                continue;
            }
            let word: String = full[from..end].iter().collect();
            if known(&word) {
                cuts.push(end);
                walk(full, end, cuts, known, out);
                cuts.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(full, 0, &mut Vec::new(), known, &mut out);
    out
}

/// Where in `text` an abbreviation of `full` stands, as `[start, end)` in `text`'s
/// characters. `known` says whether a string is a word of the segmenter's dictionary.
pub(super) fn spans(
    text: &[char],
    full: &str,
    known: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let full: Vec<char> = full.chars().collect();
    let Some(&first) = full.first() else {
        return Vec::new();
    };
    if full.len() < 3
        || !full.iter().all(|&c| crate::text::script::is_han(c))
        || !text.contains(&first)
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for cuts in splits(&full, &known) {
        let parts: Vec<&[char]> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied())
            .map(|(s, e)| &full[s..e])
            .collect();
        for start in (0..text.len()).filter(|&i| text[i] == first) {
            let mut ends = Vec::new();
            prefixes(&text[start..], &parts, 0, &mut ends);
            out.extend(
                ends.into_iter()
                    .filter(|&n| n >= 2 && !full.starts_with(&text[start..start + n]))
                    .map(|n| (start, start + n)),
            );
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The lengths of `text`'s beginnings made of a non-empty prefix of each of `parts`, in
/// order, counting `done` characters already matched.
fn prefixes(text: &[char], parts: &[&[char]], done: usize, ends: &mut Vec<usize>) {
    let Some((part, rest)) = parts.split_first() else {
        ends.push(done);
        return;
    };
    for n in 1..=part.len() {
        if text.get(done..done + n) != Some(&part[..n]) {
            break;
        }
        prefixes(text, rest, done + n, ends);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &[
        "流行性",
        "感冒",
        "新型",
        "冠状",
        "病毒",
        "冠状病毒",
        "北京",
        "大学",
        "社交",
        "距离",
        "东北",
        "死亡",
        "人数",
    ];

    fn found(text: &str, full: &str) -> Vec<String> {
        let t: Vec<char> = text.chars().collect();
        spans(&t, full, |w| WORDS.contains(&w))
            .into_iter()
            .map(|(s, e)| t[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn a_leading_part_of_each_word() {
        assert_eq!(found("得了流感。", "流行性感冒"), ["流感"]);
        // Every such stretch; the matcher keeps one that is a word of the text.
        assert_eq!(
            found("新冠病毒传播", "新型冠状病毒"),
            ["新冠", "新冠病", "新冠病毒"]
        );
        assert_eq!(found("考上北大", "北京大学"), ["北大"]);
        // Through the split 新型/冠状病毒 as well.
        assert!(found("新冠疫情", "新型冠状病毒").contains(&"新冠".to_string()));
    }

    #[test]
    fn what_is_no_abbreviation() {
        // Another word where a part should start, a part skipped, one character, the full
        // form itself (the key finds that), a form that is not all Han.
        assert!(found("保持社会距离", "社交距离").is_empty());
        assert!(found("新病毒", "新型冠状病毒").is_empty());
        assert!(found("冠状病毒", "新型冠状病毒").is_empty());
        assert!(found("流", "流行性感冒").is_empty());
        assert!(found("北京大学", "北京大学").is_empty());
        assert!(found("北京", "北京大学").is_empty());
        assert!(found("死亡", "死亡人数").is_empty());
        assert!(found("covid", "covid19").is_empty());
        // A word of two characters has no parts; nor a rendering whose parts are unknown.
        assert!(found("口", "口罩").is_empty());
        assert!(found("呼短", "呼吸短促").is_empty());
    }

    #[test]
    fn the_matcher_reads_an_abbreviation_only_as_one_word() {
        use super::super::tests::{matcher, stands};
        let m = matcher(&[
            (1, "zh-CN", "流行性感冒"),
            (2, "zh-CN", "北京大学"),
            (3, "zh-CN", "疾病控制中心"),
        ]);
        assert_eq!(stands(&m, "流行性感冒", "他得了流感。", "zh"), [(3, 2)]);
        assert_eq!(
            stands(&m, "疾病控制中心", "美国疾控中心建议", "zh"),
            [(2, 4)]
        );
        assert_eq!(stands(&m, "北京大学", "他考上了北大。", "zh"), [(4, 2)]);
        // At the head of a compound whose rest is a word: 流感 of 流感病毒 (one jieba word).
        assert_eq!(stands(&m, "流行性感冒", "流感病毒学样本", "zh"), [(0, 2)]);
        // 北大 across 东北/大学 is no word of the text, nor 冠病病例 (冠/病/病例); 疾病控制 is
        // the start of the term.
        let cases = matcher(&[(1, "zh-CN", "冠状病毒病例")]);
        assert!(stands(&cases, "冠状病毒病例", "新型冠病病例增加", "zh").is_empty());
        assert!(stands(&m, "北京大学", "他在东北大学读书。", "zh").is_empty());
        // Nor a head whose rest is one character: 北大荒 is a region, not the university.
        assert!(stands(&m, "北京大学", "他去了北大荒。", "zh").is_empty());
        assert!(stands(&m, "疾病控制中心", "加强疾病控制工作", "zh").is_empty());
        // Presence only: what the matcher reports as found is unchanged.
        assert!(
            m.find("他得了流感。", &super::super::tests::lang("zh"))
                .is_empty()
        );
    }
}
