//! Numbers in a segment, and the number-mismatch check: does the translation say the same
//! numbers as its source?
//!
//! [`extract`] finds numbers in any text, English and Chinese alike, with their value, a
//! [`NumberKind`] and their place in the original text (columns in chars, for `line:column`
//! reports). [`compare`] pairs the numbers of a source and a target by value and returns what
//! is left over. The rules below were tuned by hand on the 7,379 WMT Chinese-English news
//! pairs (newstest 2018-2020, see `tests/real_data/check.rs`), aiming at precision: a
//! checker that cries wolf is switched off.
//!
//! # What counts as a number
//!
//! - Arabic digits, ASCII and full-width, with `,` thousands groups (groups of exactly three
//!   after a first group of at most three) or no-break/thin-space groups, never an ordinary
//!   space ("in 2018 100 people" is two numbers); a decimal point `.`/`．`; a minus sign only
//!   at the start of a token (`-5%`, not the `-5` of `3-5`).
//! - Scales after digits: `万 亿 千 百` (`3万`, `1.2亿`, `500 万`, `10多万`, `2万亿`,
//!   `4个亿`), `hundred/thousand/million/billion/trillion` (`1.2 billion`,
//!   `110-million-year-old`), `bn`/`tn`, and `m`/`k` after a currency sign (`£40m`; a bare
//!   `200m` is metres). A range shares its scale: `600-700万`, `RMB6-7 million`, `三到十万`.
//! - Chinese numerals, positional (`十五`, `一千零五`, `一亿两千万`, colloquial `三千五` =
//!   3500) or digit by digit (`二〇二三`, `○` and a Latin `O` read as 〇), with `点` decimals;
//!   the financial forms `壹…玖 拾佰仟` only next to another numeral (a lone 伍 or 陆 is a
//!   name or "land"). Approximate pairs count each number: `三四十` = 30, 40; `十一二` =
//!   11, 12; `七八十年代` = the 70s and 80s.
//! - English number words: zero to nineteen, the tens, compounds (`twenty-five`, `one hundred
//!   and twenty`), `a/one` + scale (`a million`), `half a billion`, `twice`, `N decades`
//!   (= 10N, as `三十年`). Not `a dozen`, not `once`, not `both`: Chinese says 十几, 曾经 and
//!   两 for them too loosely to compare.
//! - Percentages: `%`, `％`, `‰`, `percent`, `per cent`, `百分之…`, `千分之…`, `X成` (四成 =
//!   40). Value in percent; a percentage agrees with a bare number of the same value (`5个
//!   百分点` and `5 percent`).
//! - Fractions: `三分之一`, `one third`, `two-thirds`, `a quarter of`, `2/3` (denominators 2
//!   to 10 only, so `24/7` and `9/11` stay numbers). A fraction or percentage also agrees with
//!   its denominator and numerator on the other side (`五分之一` = `1 in 5`, `千分之一` = `one
//!   in a thousand`, `三分之二` = `two out of three`).
//! - Ordinals: `第三`, `third`, `thirdly`, `3rd`, `第3`; compared by value, so `十九大` (no 第)
//!   agrees with `19th`.
//! - Dates: month names (`October`, `Oct.`) are their number, so `10月30日` = `October 30`;
//!   `May` and sentence-initial `March` only next to a day, a year or a preposition (not the
//!   verb, not Theresa May), and not in `Long March`. Weekdays are 1-7 (`周四`, `星期日`,
//!   `Thursday`). `2023年` is a year; four bare digits 1900-2100 in English text are too.
//!   Decades agree by their last two digits (`70年代`, `80后`, `'70s`, `1970s`; `20世纪70年代`
//!   is 1970), and `18世纪` agrees with `1700s` and `18th century`.
//! - Times: `7.50 am` is 7 and 50 (as `7时50分`), the `00` of `9:00` is dropped (as `9点`),
//!   and stopwatch `1:57.79` is 1, 57 and 79 (as `1分57秒79`).
//! - Identifiers are [`NumberKind::Code`]: letters before the digits unless a currency
//!   (`G20`, `A380`, `MH370`, `iPhone7`, not `RMB100`), a capitalised word or a Han character
//!   and a hyphen (`COVID-19`, `F-35`, `歼-20`, not `mid-2018`), letters after that are not a
//!   unit (`5G`, `054A`, not `200m`, `10am`, `19th`), and `双11`. Chinese often names them
//!   without the number (新冠肺炎, 二十国集团), so they only ever pair up.
//!
//! What is not a number: Chinese words that contain numeral characters (一些 一起 一样 一定
//! 一直 一般 一切 统一 唯一 之一 万一, 千万 before 不/别/要, 十分 "very" but not 十分钟, 三明治
//! 四川 五角大楼 百姓 零售 两岸 千克 百分点, idioms such as 千方百计 and 万众一心, and more:
//! `NOT_NUMBERS` lists them), solids (`二十面体`), and `四分之一决赛` (quarter-final).
//! Approximations (`数万`, `上百`, `几十`, `成千上万`; `tens of thousands`, `hundreds`,
//! `dozens`, `decades`) are an order of magnitude of kind [`NumberKind::Approximate`].
//!
//! # When numbers agree
//!
//! Numbers pair by value (relative tolerance 1e-9, magnitudes only: `下降5%` = `-5%`), as a
//! multiset, heaviest first. What is left over is then weighed ([`Number::weight`]):
//!
//! - **Firm** numbers are always reported: digits (except 0 and 1), percentages, years, and
//!   word numbers above ten (`十五`, `fifteen`).
//! - **Soft** numbers are reported only when the other side also has a number left over
//!   that they could be the translation of: word numbers 2-10, ordinals included (`两国`,
//!   `three`, `第三`, `second`), round word numbers (`百`, `一万`, `a million`), digits 0
//!   and 1, month and weekday names, fractions, decades and centuries. In news English a small Chinese count is often said with an
//!   article or a name (两国 = "both countries", "China and the US"), or dropped; flagging
//!   those would flag a large part of the corpus, while `三个` against `four` is still caught.
//!   两 before a noun is "two" and is extracted as such, but soft.
//! - **Faint** numbers are never reported, only paired: `一`/`one` as a word (一个, 一项,
//!   "one of", "a"), the ordinal 1 in any form (第一, first, 首次 has no number at all),
//!   identifiers and approximations.
//!
//! A value that is left over on one side but said elsewhere on the other side is not
//! reported either: a translation repeats numbers ("one of the 12 galaxies" for 其中) or
//! leaves a repeat out. This costs a little: a second `70公里` dropped from the translation
//! goes unreported.
//!
//! # On the news pairs
//!
//! 126 of the 7,379 pairs are flagged (1.7%; 3,049 pairs have a number that counts). Of 30
//! flagged pairs drawn at random and read by hand, 26 had numbers that really differ: 6 wrong
//! numbers (2015年 as 2014, 1933 as 1993, 十九大 as "Nineth Congress", 5.2英尺 for 5′2″), 8
//! omissions (a date, 39个窗口, 3,000胜), 9 pairs whose segments are misaligned in the data, 1
//! rewritten sum, 2 malformed source numbers (`351.943` for 3:51.943, `1 0 亿`). The 4 false
//! alarms: a unit conversion (7.5万亩 = 5000 hectares), `FY18` for 2018财年, "11.11" for
//! 双十一, an idiom (一分部署、九分落实 as 10% and 90%). An earlier sample of 30, drawn before
//! the century, Roman numeral and `六O二` rules, had 24 real and 6 false.
//!
//! # Left out
//!
//! The 24-hour clock against a.m./p.m. (`15时` and `3 p.m.` are reported); unit and
//! currency conversions (7.5万亩 as 5,000 hectares, 英尺 as feet and inches); relative dates
//! (`去年` for `2017`); fiscal years and dates as names (`FY18` for 2018财年, `11.11` for
//! 双十一, `7.19` for a storm); English ranges with the scale said once in words (`two or
//! three hundred`; `two or three` is read as 2, 3); Roman numerals in ASCII (`World War II`;
//! the Unicode `Ⅱ` is read); `a dozen`; `7*24`; numbers used as figures of speech (一分部署、
//! 九分落实 rendered as 10% and 90%); `35m` for 35 million without a currency sign.

mod chinese;
mod scales;
mod scan;
mod words;

use scan::digit;
pub use scan::extract;

/// What a number is, as far as its surface shows. The check compares values only; the kind is
/// there for the report, and for the weight (see [`Number::weight`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// A cardinal: `43`, `1.2 billion`, `十五`, `3万`, `two`.
    Plain,
    /// A percentage, value in percent: `5%`, `5 per cent`, `百分之五`, `四成` (40).
    Percent,
    /// `第三`, `third`, `3rd`, `第3`.
    Ordinal,
    /// A fraction, value as a ratio: `三分之一`, `one third`, `two-thirds`.
    Fraction,
    /// A calendar year: `2023年`, `二〇二三`, or four bare digits 1900-2100 in running text.
    Year,
    /// A month, 1-12: `10月`, `十月`, `October`, `Oct.`.
    Month,
    /// A day of the week, Monday 1 to Sunday 7: `周四`, `星期日`, `Thursday`.
    Weekday,
    /// A decade, as written: `1970s`, `70s`, `70年代`, `七十年代`; `20世纪70年代` is 1970.
    /// Decades agree when their last two digits do.
    Decade,
    /// An order of magnitude, not a count: `数万`, `上百`, `几十`, `tens of thousands`,
    /// `hundreds`, `dozens`; value 10, 100, 1e4... They never cause a report.
    Approximate,
    /// A century written with 世纪: `18世纪`, `二十一世纪`. Agrees with its number (`18th
    /// century`) and with the hundreds decade it spans (`1700s`).
    Century,
    /// A number inside an identifier: `COVID-19`, `G20`, `5G`, `A380`, `歼-20`; value is the
    /// (first) digit run.
    Code,
}

/// How much an unmatched number says about the translation; see the module doc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// Never reported: it may pair with a number on the other side, and that is all.
    Faint,
    /// Reported only when the other side also has an unmatched number it could stand for.
    Soft,
    /// Always reported when unmatched.
    Firm,
}

/// A number found in a segment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Number {
    /// The value: `1,234.5` → 1234.5, `12亿` → 1.2e9, `百分之五` → 5 (kind Percent).
    pub value: f64,
    pub kind: NumberKind,
    /// Offset of the first character, in chars (Unicode scalar values) of the original text.
    pub start: usize,
    /// Length of the match in chars.
    pub len: usize,
    /// The matched text exactly as it stands in the original.
    pub text: String,
}

impl Number {
    /// Firm for anything written with digits, percentages, years and word numbers above ten
    /// (`十五`, `fifteen`, `三万五千`); soft for word numbers two to ten, round word numbers
    /// (`百`, `一万`, `a million`), fractions, month and weekday names; faint for word `one`/`一`,
    /// the ordinal 1 in any form, and identifiers.
    pub fn weight(&self) -> Weight {
        let has_digit = self.text.chars().any(|c| digit(c).is_some());
        match self.kind {
            NumberKind::Code | NumberKind::Approximate => Weight::Faint,
            NumberKind::Ordinal if self.value == 1.0 => Weight::Faint,
            NumberKind::Percent | NumberKind::Year => Weight::Firm,
            _ if has_digit && (self.value == 0.0 || self.value.abs() == 1.0) => Weight::Soft,
            _ if has_digit => Weight::Firm,
            NumberKind::Month
            | NumberKind::Weekday
            | NumberKind::Fraction
            | NumberKind::Decade
            | NumberKind::Century => Weight::Soft,
            _ if self.value.abs() == 1.0 => Weight::Faint,
            _ if self.value.abs() <= 10.0 || is_power_of_ten(self.value.abs()) => Weight::Soft,
            _ => Weight::Firm,
        }
    }
}

fn is_power_of_ten(v: f64) -> bool {
    v >= 10.0 && {
        let l = v.log10();
        (l - l.round()).abs() < 1e-9
    }
}

/// The numbers of a source segment that the target lacks, and those the target adds.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Mismatch {
    pub missing_in_target: Vec<Number>,
    pub extra_in_target: Vec<Number>,
}

/// Compares the numbers of a source segment and its translation. `None` when they agree
/// (see the module doc for what agreeing means), otherwise the unmatched numbers worth
/// showing on each side, in text order.
pub fn compare(source: &str, target: &str) -> Option<Mismatch> {
    compare_numbers(extract(source), extract(target))
}

/// [`compare`] for numbers already extracted.
pub fn compare_numbers(source: Vec<Number>, target: Vec<Number>) -> Option<Mismatch> {
    let by_weight = |mut v: Vec<Number>| {
        v.sort_by_key(|n| std::cmp::Reverse(n.weight()));
        v
    };
    let (source, target) = (by_weight(source), by_weight(target));
    let (all_source, all_target) = (source.clone(), target.clone());
    let mut used = vec![false; target.len()];
    let mut missing = Vec::new();
    for s in source {
        // Targets are heaviest first, so a firm source number takes a firm target number
        // when there is one, and what is left over is as light as it can be.
        match (0..target.len()).find(|&k| !used[k] && agree(&s, &target[k])) {
            Some(k) => used[k] = true,
            None => missing.push(s),
        }
    }
    let mut extra: Vec<Number> = target
        .into_iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(n, _)| n)
        .collect();
    fractions_against_counts(&mut missing, &mut extra);
    fractions_against_counts(&mut extra, &mut missing);
    // A value said again on one side is not a new number: "the 12 galaxies ... one of the
    // 12 galaxies" translates 12个星系 ... 其中.
    missing.retain(|n| !all_target.iter().any(|t| agree(n, t)));
    extra.retain(|n| !all_source.iter().any(|s| agree(n, s)));
    let live = |v: &[Number]| v.iter().any(|n| n.weight() > Weight::Faint);
    let (missing_live, extra_live) = (live(&missing), live(&extra));
    let keep = |v: Vec<Number>, other_live: bool| {
        let mut v: Vec<Number> = v
            .into_iter()
            .filter(|n| match n.weight() {
                Weight::Firm => true,
                Weight::Soft => other_live,
                Weight::Faint => false,
            })
            .collect();
        v.sort_by_key(|n| n.start);
        v
    };
    let missing_in_target = keep(missing, extra_live);
    let extra_in_target = keep(extra, missing_live);
    if missing_in_target.is_empty() && extra_in_target.is_empty() {
        None
    } else {
        Some(Mismatch {
            missing_in_target,
            extra_in_target,
        })
    }
}

/// A fraction or percentage left over on one side (五分之一, 千分之一) agrees with a denominator and numerator left
/// over on the other ("1 in 5", "three out of five", 每五个人中有三个); a numerator of one may
/// be unsaid ("one in five" has it, "every fifth" does not).
fn fractions_against_counts(fractions: &mut Vec<Number>, other: &mut Vec<Number>) {
    let mut k = 0;
    while k < fractions.len() {
        let f = &fractions[k];
        let ratio = match f.kind {
            NumberKind::Fraction => Some(f.value),
            NumberKind::Percent => Some(f.value / 100.0),
            _ => None,
        };
        let found = ratio.and_then(|ratio| {
            other.iter().enumerate().find_map(|(d, den)| {
                let n = ratio * den.value;
                if den.value < 2.0 || den.value.fract() != 0.0 {
                    return None;
                }
                let num = other
                    .iter()
                    .enumerate()
                    .position(|(x, o)| x != d && same_value(o.value, n));
                match num {
                    Some(x) => Some((d, Some(x))),
                    None if same_value(n, 1.0) => Some((d, None)),
                    None => None,
                }
            })
        });
        match found {
            Some((d, num)) => {
                fractions.remove(k);
                let mut gone = vec![d];
                gone.extend(num);
                gone.sort_unstable_by(|a, b| b.cmp(a));
                for g in gone {
                    other.remove(g);
                }
            }
            None => k += 1,
        }
    }
}

/// Two numbers agree when their values do, or when both are decades of the same ten years
/// (`70年代` and `1970s`).
fn agree(a: &Number, b: &Number) -> bool {
    match (a.kind, b.kind) {
        (NumberKind::Decade, NumberKind::Decade) => {
            return a.value.rem_euclid(100.0) == b.value.rem_euclid(100.0);
        }
        (NumberKind::Century, NumberKind::Decade) | (NumberKind::Decade, NumberKind::Century) => {
            let (c, d) = if a.kind == NumberKind::Century {
                (a, b)
            } else {
                (b, a)
            };
            if d.value >= 1000.0 && d.value % 100.0 == 0.0 {
                return d.value / 100.0 + 1.0 == c.value;
            }
        }
        _ => {}
    }
    same_value(a.value, b.value)
}

/// Values agree when their magnitudes agree to float precision: `1.20` = `1.2`,
/// `1.2 billion` = `12亿`, and a sign the other language says in words (`下降5%`, `-5%`) is
/// not a mismatch.
fn same_value(a: f64, b: f64) -> bool {
    let (a, b) = (a.abs(), b.abs());
    (a - b).abs() <= 1e-9 * a.max(b).max(1.0)
}

/// What the tests of every part share.
#[cfg(test)]
mod testing {
    pub(super) use super::{Mismatch, Number, compare, extract};

    pub(super) fn values(text: &str) -> Vec<f64> {
        extract(text).iter().map(|n| n.value).collect()
    }

    pub(super) fn one(text: &str) -> Number {
        let ns = extract(text);
        assert_eq!(ns.len(), 1, "{text:?} gave {ns:?}");
        ns.into_iter().next().unwrap()
    }

    /// Every match lies in the text, says what the text says at its position, and follows
    /// the previous one without overlapping it.
    pub(super) fn assert_positions(text: &str) {
        assert_positions_of(text, &extract(text));
    }

    pub(super) fn assert_positions_of(text: &str, numbers: &[Number]) {
        let chars: Vec<char> = text.chars().collect();
        let mut end = 0;
        for n in numbers {
            assert!(
                n.start >= end,
                "{text:?}: {n:?} overlaps the previous match"
            );
            assert!(
                n.len > 0 && n.start + n.len <= chars.len(),
                "{text:?}: {n:?}"
            );
            let at: String = chars[n.start..n.start + n.len].iter().collect();
            assert_eq!(at, n.text, "{text:?}");
            end = n.start + n.len;
        }
    }

    pub(super) fn agrees(source: &str, target: &str) {
        assert_eq!(compare(source, target), None, "{source:?} / {target:?}");
    }

    pub(super) fn differs(source: &str, target: &str) -> Mismatch {
        compare(source, target).unwrap_or_else(|| panic!("{source:?} / {target:?} agree"))
    }

    pub(super) fn texts(ns: &[Number]) -> Vec<&str> {
        ns.iter().map(|n| n.text.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn values_from_the_brief() {
        assert_eq!(one("1,234.5").value, 1234.5);
        assert_eq!(one("三").value, 3.0);
        assert_eq!(one("十五").value, 15.0);
        assert_eq!(one("1.2 billion").value, 1.2e9);
        assert_eq!(one("12亿").value, 1.2e9);
        assert_eq!(one("3万").value, 30000.0);
        let year = one("二〇二三");
        assert_eq!((year.value, year.kind), (2023.0, NumberKind::Year));
        let p = one("百分之五");
        assert_eq!((p.value, p.kind), (5.0, NumberKind::Percent));
        let p = one("5%");
        assert_eq!((p.value, p.kind), (5.0, NumberKind::Percent));
    }

    #[test]
    fn percentages() {
        assert_eq!(values("百分之三十五点五"), [35.5]);
        assert_eq!(values("百分之百"), [100.0]);
        assert_eq!(values("百分之5"), [5.0]);
        let p = one("近四成");
        assert_eq!(
            (p.value, p.kind, p.text.as_str()),
            (40.0, NumberKind::Percent, "四成")
        );
        assert_eq!(values("千分之五"), [0.5]);
        assert!(extract("一成不变").is_empty());
        assert!(
            extract("三成为")
                .iter()
                .all(|n| n.kind != NumberKind::Percent)
        );
        agrees("5%", "百分之五");
        agrees("增长近四成", "an increase of nearly 40%");
    }

    #[test]
    fn articles_and_one_are_faint() {
        assert_eq!(one("一个").weight(), Weight::Faint);
        assert_eq!(one("one").weight(), Weight::Faint);
        assert_eq!(one("第一").weight(), Weight::Faint);
        assert_eq!(one("first").weight(), Weight::Faint);
        agrees("他提出了一个问题", "He raised a question");
        agrees("这是一项重要工作", "This is important work");
        agrees("这是其中之一", "This is one of them");
        agrees("他曾经来过", "He once came here");
        agrees("我们第一次见面", "We met for the first time");
        agrees("首次", "the first");
        agrees("一个人", "one person");
        // A faint number never causes a report, even against a different one.
        agrees("一个问题", "two questions");
    }

    #[test]
    fn ordinals() {
        let o = one("第三");
        assert_eq!((o.value, o.kind), (3.0, NumberKind::Ordinal));
        assert_eq!(one("3rd").kind, NumberKind::Ordinal);
        assert_eq!(one("twenty-first").value, 21.0);
        assert_eq!(one("第3").text, "第3");
        agrees("第三", "third");
        agrees("第一", "1st");
        agrees("第一名", "No. 1");
        agrees("第三，", "Thirdly,");
        agrees("第十九届", "19th");
        agrees("十九大", "the 19th National Congress");
        agrees("第二次世界大战", "the Second World War");
        differs("第十九届", "18th");
    }

    #[test]
    fn months_days_years() {
        agrees("10月30日", "October 30");
        agrees("10月30日", "Oct. 30");
        agrees("10月30日", "Oct 30");
        agrees("上午10点", "at 10am");
        agrees("10月30日", "30 October");
        agrees("十月三十日", "October 30");
        agrees("2023年", "2023");
        agrees("2023年10月", "in October 2023");
        agrees("二〇二三年", "2023");
        assert_eq!(one("2023年").kind, NumberKind::Year);
        assert_eq!(one("10月").kind, NumberKind::Month);
        differs("10月30日", "October 31");
        // May the month, May the verb, May the name.
        assert_eq!(values("in May"), [5.0]);
        assert_eq!(values("May 5"), [5.0, 5.0]);
        assert!(extract("It may rain. May I?").is_empty());
        assert!(extract("Prime Minister Theresa May said").is_empty());
        assert!(extract("March towards the goal").is_empty());
        assert!(extract("the Long March rocket").is_empty());
        assert_eq!(values("since March"), [3.0]);
        assert!(extract("两月").iter().all(|n| n.kind != NumberKind::Month));
    }

    #[test]
    fn weekdays() {
        agrees("温格周四表示", "Wenger said Thursday");
        agrees("星期日", "on Sunday");
        agrees("上周五", "Last Friday");
        agrees("礼拜天", "Sunday");
        differs("周四", "on Friday");
        assert!(
            extract("每周一次")
                .iter()
                .all(|n| n.kind != NumberKind::Weekday)
        );
    }

    #[test]
    fn forty_three_and_thirty_four() {
        agrees("43年", "43 years");
        agrees("他工作了43年", "He worked for 43 years");
        let m = differs("他工作了43年", "He worked for 34 years");
        assert_eq!(texts(&m.missing_in_target), ["43"]);
        assert_eq!(texts(&m.extra_in_target), ["34"]);
        assert_eq!(
            (m.missing_in_target[0].start, m.missing_in_target[0].len),
            (4, 2)
        );
        assert_eq!(
            (m.extra_in_target[0].start, m.extra_in_target[0].len),
            (14, 2)
        );
    }

    #[test]
    fn equivalent_forms_agree() {
        agrees("1.2 billion", "12亿");
        agrees("3万", "30,000");
        agrees("十五", "15");
        agrees("2023", "二〇二三");
        agrees("5%", "百分之五");
        agrees("1.20", "1.2");
        agrees("1,000", "1000");
        agrees("1\u{202F}000", "1000");
        agrees("３万", "30000");
        agrees("1.2亿", "120 million");
        agrees("两万五千", "25,000");
        agrees("一万多名游客", "more than 10,000 tourists");
        agrees("三十年来", "in three decades");
        agrees("5 亿多美元", "more than half a billion dollars");
    }

    #[test]
    fn decades() {
        agrees("70年代", "the 1970s");
        agrees("上世纪70年代", "the 1970s");
        agrees("20世纪70年代", "since the 1970s");
        agrees("七八十年代", "the 1970s and 1980s");
        agrees("上世纪70、80年代", "in the 1970s and 1980s");
        agrees("80、90后", "born in the 1980s and 1990s");
        agrees("六七十年代", "the '60s and '70s");
        differs("70年代", "the 1980s");
        agrees("18 世纪", "in the 1700s");
        agrees("18世纪", "the 18th century");
        agrees("二十一世纪初", "the early 2000s");
        assert_eq!(one("二十一世纪").kind, NumberKind::Century);
    }

    #[test]
    fn approximations_and_ranges() {
        agrees("数万人", "tens of thousands of people");
        agrees("上万人", "10,000 people");
        agrees("几十年", "decades");
        agrees("数万亿次", "trillions of searches");
        agrees("成千上万", "thousands");
        assert_eq!(one("数万").weight(), Weight::Faint);
        agrees("600-700万卢布", "RUB6-7 million");
        agrees("三到十万", "30,000 to 100,000");
        agrees("三四十人", "thirty or forty people");
        agrees("十一二岁", "at the age of 11 or 12");
        agrees("两三百", "200 or 300");
    }

    #[test]
    fn fractions() {
        agrees("三分之一", "one third");
        agrees("三分之一", "a third of");
        agrees("近三分之一的产品", "approximately one-third of products");
        agrees("2/3", "two-thirds");
        agrees("五分之一", "1 in 5");
        agrees("五分之一", "one in five");
        agrees("每五个人中有三个", "three out of five");
        agrees("开花率仅千分之一", "one in a thousand");
        agrees("五十分之一", "one-fiftieth");
        agrees("三分之二", "two out of three");
        agrees("增长了5个百分点", "up 5 percent");
        agrees("前三季度", "the first three quarters");
        assert_eq!(values("24/7"), [24.0, 7.0]);
        assert_eq!(values("9/11"), [9.0, 11.0]);
    }

    #[test]
    fn repeats_are_not_new_numbers() {
        agrees(
            "发现了 12 个星系，其中最大的",
            "found 12 galaxies. One of the 12 galaxies is",
        );
        // ...but a different number still is.
        differs("12个星系", "12 galaxies and 13 stars");
    }

    #[test]
    fn soft_numbers_report_only_against_something() {
        // English drops a small number, or says it with an article: not reported.
        agrees("三名警察和两名平民", "three police officers and civilians");
        // A firm number is always reported, and the soft leftovers with it.
        let m = differs(
            "三名警察和两名平民在2017年",
            "three police officers in 2018",
        );
        assert_eq!(texts(&m.missing_in_target), ["两", "2017年"]);
        assert_eq!(texts(&m.extra_in_target), ["2018"]);
    }

    #[test]
    fn columns_are_chars_of_the_original() {
        let ns = extract("共有１２３人，增长了百分之五，约3.5万");
        let at: Vec<(usize, usize, &str)> = ns
            .iter()
            .map(|n| (n.start, n.len, n.text.as_str()))
            .collect();
        assert_eq!(
            at,
            [(2, 3, "１２３"), (10, 4, "百分之五"), (16, 4, "3.5万")]
        );
        let m = differs("在２０１８年，有４３人", "In 2018, 34 people");
        assert_eq!(
            (
                m.missing_in_target[0].start,
                m.missing_in_target[0].text.as_str()
            ),
            (8, "４３")
        );
        assert_eq!(
            (
                m.extra_in_target[0].start,
                m.extra_in_target[0].text.as_str()
            ),
            (9, "34")
        );
        // A non-BMP character counts as one column.
        let n = one("𠀀𠀁 12");
        assert_eq!((n.start, n.len), (3, 2));
        for text in [
            "共有１２３人，增长了百分之五",
            "COVID-19 and G20, 4x200m, 1:57.79, 7.50 am, 20世纪70年代",
            "七八十年代 三到十万 600-700万 one in five 2/3",
        ] {
            assert_positions(text);
        }
    }

    #[test]
    fn odd_input_neither_panics_nor_misplaces() {
        for text in [
            "",
            " ",
            "-",
            "--5",
            "1,",
            "1.",
            ".5",
            "1..2",
            "1,,000",
            "第",
            "第第",
            "百分之",
            "三分之",
            "分之一",
            "$",
            "£m",
            "5m",
            "a",
            "an",
            "half a",
            "May",
            "20世纪",
            "世纪70年代",
            "O",
            "六O",
            "O二",
            "年代",
            "70年代后",
            "个亿",
            "两个",
            "一点",
            "点五",
            "三点",
            "十十",
            "百千",
            "亿亿",
            "万万亿",
            "零零",
            "〇",
            "○",
            "Ⅻ",
            "1/",
            "/3",
            "3/0",
            "0/0",
            "1:",
            ":00",
            "7.",
            "7.50",
            "7.50 a.",
            "1:57.",
            "COVID-",
            "-19",
            "G",
            "x200",
            "4x",
            "周",
            "星期",
            "one in",
            "in 5",
            "two-",
            "-thirds",
            "a third",
            "twenty-",
            "hundred",
            "and twenty",
            "99999999999999999999999",
            "1e5",
            "１，０００",
            "数",
            "数万亿亿",
            "上",
            "成",
            "双",
            "双11",
            "𠀀1𠀀",
        ] {
            assert_positions(text);
            let _ = compare(text, text);
        }
        // Random strings over the characters the scanner cares about, reproducibly.
        let alphabet: Vec<char> = "0123456789０５,.．-−%％‰:/ 　一二两三十百千万亿零〇○O点多几数上成个第年月日代后世纪分之周星期号\
             亿元壹伍陆拾abmdhkstnoftwreyMJOGXlhundrethisaoMayMarchLong$£-'的了是双面体"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for _ in 0..(seed >> 59) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            assert_positions(&text);
            let _ = compare(&text, "12 three 4.5%");
        }
    }

    /// Pairs from the WMT news sets, checked by hand: their numbers agree, and each needs one
    /// of the rules. The real-data tier checks that they are pairs of the data.
    const HAND_CHECKED: &str =
        include_str!("../../../tests/fixtures/check/numbers-hand-checked.tsv");

    #[test]
    fn hand_checked_news_pairs_agree() {
        for line in HAND_CHECKED.lines().filter(|l| !l.starts_with('#')) {
            let (zh, en) = line.split_once('\t').unwrap();
            agrees(zh, en);
        }
    }
}
