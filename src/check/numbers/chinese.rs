//! Chinese numerals and scales: positional (`十五`, `一千零五`, `三千五`), digit by digit
//! (`二〇二三`), after digits (`12亿`, `3万`), and the words that contain numeral characters
//! without being numbers (`一些`, `十分`).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::scales::{KILO, zh_unit};
use super::scan::{Scanner, digit};
use super::{Number, NumberKind};

fn zh_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '兩' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// A word that is not a number, the characters that after it, and those that before it,
/// make it one after all.
type NotNumber = (&'static str, &'static str, &'static str);

/// Chinese words that contain numeral characters and are not numbers, with the characters
/// that, following the word, make it a number after all (十分 "very", but 十分钟 "ten
/// minutes" and 十分之一 "a tenth"), and those that, before it, do (一点 "a little", but 下午
/// 一点 "1 p.m."). Checked wherever a number could start, before numerals are read, so a
/// word here wins over a number that starts at the same character.
const NOT_NUMBERS: &[NotNumber] = &[
    // 一 as "whole, same, once, a bit" and in set phrases
    ("一些", "", ""),
    ("一起", "", ""),
    ("一样", "", ""),
    ("一定", "", ""),
    ("一直", "", ""),
    ("一般", "", ""),
    ("一切", "", ""),
    ("一致", "", ""),
    ("一旦", "", ""),
    ("一贯", "", ""),
    ("一度", "", ""),
    ("一体", "", ""),
    ("一道", "", ""),
    ("一同", "", ""),
    ("一并", "", ""),
    ("一边", "", ""),
    ("一下", "", ""),
    ("一点", "〇零一二三四五六七八九", "午晚上下早晨"),
    ("一时", "", ""),
    ("一向", "", ""),
    ("一律", "", ""),
    ("一再", "", ""),
    ("一流", "", ""),
    ("一行", "", ""),
    ("一手", "", ""),
    ("一味", "", ""),
    ("一举", "", ""),
    ("一概", "", ""),
    ("一经", "", ""),
    ("一系列", "", ""),
    ("一番", "", ""),
    ("一阵", "", ""),
    ("一则", "", ""),
    ("一来", "", ""),
    ("一旁", "", ""),
    ("一线", "城", ""),
    ("一路", "", ""),
    ("一心", "", ""),
    ("一口气", "", ""),
    ("一方面", "", ""),
    ("一带一路", "", ""),
    ("一带", "", ""),
    ("一夫一妻", "", ""),
    ("一揽子", "", ""),
    ("一部分", "", ""),
    ("一半", "", ""),
    ("一共", "", ""),
    ("一齐", "", ""),
    ("一面", "", ""),
    ("一早", "", ""),
    ("一大早", "", ""),
    ("一如既往", "", ""),
    ("一成不变", "", ""),
    ("一无所", "", ""),
    ("一模一样", "", ""),
    ("一目了然", "", ""),
    ("一席之地", "", ""),
    ("一视同仁", "", ""),
    ("一刀切", "", ""),
    ("一蹶不振", "", ""),
    ("一丝不苟", "", ""),
    ("一见钟情", "", ""),
    ("一帆风顺", "", ""),
    ("一举两得", "", ""),
    ("一清二楚", "", ""),
    ("一心一意", "", ""),
    ("一针见血", "", ""),
    ("一触即发", "", ""),
    ("一朝一夕", "", ""),
    ("一分为二", "", ""),
    ("一事无成", "", ""),
    ("一波三折", "", ""),
    ("一马当先", "", ""),
    ("一鼓作气", "", ""),
    ("一一", "", ""),
    ("统一", "", ""),
    ("唯一", "", ""),
    ("单一", "", ""),
    ("同一", "", ""),
    ("之一", "", ""),
    ("初一", "", ""),
    ("划一", "", ""),
    ("专一", "", ""),
    ("合一", "", ""),
    ("归一", "", ""),
    ("逐一", "", ""),
    ("其一", "", ""),
    ("如一", "", ""),
    ("独一无二", "", ""),
    ("数一数二", "", ""),
    ("万众一心", "", ""),
    // 万 "ten thousand" as "all, extremely, just in case", and in names
    ("万一", "十百千万亿", ""),
    ("万分", "之", ""),
    ("万物", "", ""),
    ("万象", "", ""),
    ("万岁", "", ""),
    ("万众", "", ""),
    ("万事", "", ""),
    ("万能", "", ""),
    ("万般", "", ""),
    ("万古", "", ""),
    ("万里", "", ""),
    ("万全", "", ""),
    ("万恶", "", ""),
    ("万无一失", "", ""),
    ("万紫千红", "", ""),
    ("万达", "", ""),
    ("万科", "", ""),
    ("万豪", "", ""),
    ("万宁", "", ""),
    ("万州", "", ""),
    ("万隆", "", ""),
    ("万圣", "", ""),
    ("万维网", "", ""),
    ("万千", "", ""),
    ("千千万万", "", ""),
    ("亿万", "", ""),
    // 千 and 百 as "many, all", in idioms and names
    ("千万不", "", ""),
    ("千万别", "", ""),
    ("千万要", "", ""),
    ("千万莫", "", ""),
    ("千万勿", "", ""),
    ("千万记", "", ""),
    ("千方百计", "", ""),
    ("千军万马", "", ""),
    ("千家万户", "", ""),
    ("千载难逢", "", ""),
    ("千篇一律", "", ""),
    ("千辛万苦", "", ""),
    ("千丝万缕", "", ""),
    ("千变万化", "", ""),
    ("千姿百态", "", ""),
    ("千钧一发", "", ""),
    ("千奇百怪", "", ""),
    ("千禧", "", ""),
    ("千里", "", ""),
    ("千秋", "", ""),
    ("千克", "", ""),
    ("千米", "", ""),
    ("千瓦", "", ""),
    ("千卡", "", ""),
    ("千兆", "", ""),
    ("千岛", "", ""),
    ("千叶", "", ""),
    ("百姓", "", ""),
    ("百货", "", ""),
    ("百度", "", ""),
    ("百事", "", ""),
    ("百合", "", ""),
    ("百科", "", ""),
    ("百花齐放", "", ""),
    ("百家争鸣", "", ""),
    ("百折不挠", "", ""),
    ("百感交集", "", ""),
    ("百般", "", ""),
    ("百忙", "", ""),
    ("百里挑一", "", ""),
    ("百闻不如一见", "", ""),
    ("百分点", "", ""),
    ("百分比", "", ""),
    ("百慕大", "", ""),
    ("百威", "", ""),
    ("百万富翁", "", ""),
    ("千万富翁", "", ""),
    ("亿万富翁", "", ""),
    ("老百姓", "", ""),
    ("数以万计", "", ""),
    ("数以千计", "", ""),
    ("数以百计", "", ""),
    ("数以亿计", "", ""),
    ("数以百万计", "", ""),
    // 十 as "very, fully", and the cross
    ("十分", "之钟", ""),
    ("十足", "", ""),
    ("十字", "", ""),
    ("十全十美", "", ""),
    ("十拿九稳", "", ""),
    // other digits in words and names
    ("三明治", "", ""),
    ("三星", "", ""),
    ("三亚", "", ""),
    ("三角", "", ""),
    ("三思", "", ""),
    ("三番五次", "", ""),
    ("三心二意", "", ""),
    ("三言两语", "", ""),
    ("三三两两", "", ""),
    ("三菱", "", ""),
    ("三聚氰胺", "", ""),
    ("三一重工", "", ""),
    ("三文鱼", "", ""),
    ("三藩市", "", ""),
    ("四川", "", ""),
    ("四处", "", ""),
    ("四周", "", ""),
    ("四面八方", "", ""),
    ("四肢", "", ""),
    ("四平", "", ""),
    ("四合院", "", ""),
    ("五角大楼", "", ""),
    ("五花八门", "", ""),
    ("五湖四海", "", ""),
    ("五颜六色", "", ""),
    ("五官", "", ""),
    ("五金", "", ""),
    ("五粮液", "", ""),
    ("五菱", "", ""),
    ("六神无主", "", ""),
    ("七上八下", "", ""),
    ("乱七八糟", "", ""),
    ("七嘴八舌", "", ""),
    ("七零八落", "", ""),
    ("七夕", "", ""),
    ("八卦", "", ""),
    ("八成", "", ""),
    ("八达岭", "", ""),
    ("八宝", "", ""),
    ("八角", "", ""),
    ("八方", "", ""),
    ("九三学社", "", ""),
    ("九州", "", ""),
    ("九寨沟", "", ""),
    ("九死一生", "", ""),
    ("九牛一毛", "", ""),
    ("九霄", "", ""),
    ("九龙", "", ""),
    ("零售", "", ""),
    ("零部件", "", ""),
    ("零件", "", ""),
    ("零星", "", ""),
    ("零食", "", ""),
    ("零钱", "", ""),
    ("零散", "", ""),
    ("零碎", "", ""),
    ("零下", "", ""),
    ("零花", "", ""),
    ("零工", "", ""),
    ("两岸", "", ""),
    ("两极", "", ""),
    ("两性", "", ""),
    ("两栖", "", ""),
    ("两用", "", ""),
    ("两手", "", ""),
    ("两面", "", ""),
    ("两旁", "", ""),
    ("两侧", "", ""),
    ("两边", "", ""),
    ("两难", "", ""),
    ("两全其美", "", ""),
    ("二手", "", ""),
    ("二氧化", "", ""),
    ("二维码", "", ""),
    ("二胡", "", ""),
    ("双十一", "", ""),
    ("四分之一决赛", "", ""),
    ("八分之一决赛", "", ""),
    ("双十二", "", ""),
];

/// [`NOT_NUMBERS`] by first character: checked at every Han character, so it must be cheap.
static NOT_NUMBERS_BY_FIRST: LazyLock<HashMap<char, Vec<NotNumber>>> = LazyLock::new(|| {
    let mut map: HashMap<char, Vec<NotNumber>> = HashMap::new();
    for &entry in NOT_NUMBERS {
        if let Some(c) = entry.0.chars().next() {
            map.entry(c).or_default().push(entry);
        }
    }
    map
});

/// Characters after 一成..九成 that make 成 "become, succeed, member..." rather than "tenths".
const NOT_TENTHS: &str = "为功立本员绩长就交果熟年人型品分都了效套批千百万事";

impl Scanner<'_> {
    pub(super) fn han(&self, i: usize) -> (Vec<Number>, usize) {
        let c = self.c[i];
        for (prefix, per) in [("百分之", 1.0), ("千分之", 10.0), ("万分之", 100.0)] {
            if self.starts(i, prefix)
                && let Some((v, e)) = self.numeral_at(i + 3)
            {
                return (vec![self.number(i, e, v / per, NumberKind::Percent)], e);
            }
        }
        if c == '第' {
            if let Some((v, e)) = self.zh_value(i + 1) {
                return (vec![self.number(i, e, v, NumberKind::Ordinal)], e);
            }
            return (Vec::new(), i + 1);
        }
        if let Some(n) = self.zh_weekday(i) {
            let e = n.start + n.len;
            return (vec![n], e);
        }
        if let Some(e) = self.not_a_number(i) {
            return (Vec::new(), e);
        }
        // 数万 "tens of thousands", 几十 "dozens", 上百 "hundreds", 成千上万: an order of
        // magnitude, the product of the units.
        let approximate = match c {
            '数' | '几' | '好' => self.get(i + 1).and_then(zh_unit).is_some(),
            '上' | '成' => matches!(self.get(i + 1), Some('百' | '千' | '万' | '亿')),
            _ => false,
        };
        if approximate {
            let e = self.zh_run_end(i + 1);
            let units: Option<Vec<f64>> = self.c[i + 1..e].iter().map(|&u| zh_unit(u)).collect();
            if let Some(units) = units.filter(|u| !u.is_empty()) {
                let v = units.iter().product();
                return (vec![self.number(i, e, v, NumberKind::Approximate)], e);
            }
        }
        if zh_digit(c).is_some() || zh_unit(c).is_some() {
            return self.zh_number(i);
        }
        (Vec::new(), i + 1)
    }

    fn not_a_number(&self, i: usize) -> Option<usize> {
        NOT_NUMBERS_BY_FIRST
            .get(&self.c[i])?
            .iter()
            .filter(|(w, not_next, not_prev)| {
                let n = w.chars().count();
                self.starts(i, w)
                    && !self.get(i + n).is_some_and(|c| not_next.contains(c))
                    && !self.prev(i).is_some_and(|c| not_prev.contains(c))
            })
            .map(|(w, _, _)| i + w.chars().count())
            .max()
    }

    fn zh_weekday(&self, i: usize) -> Option<Number> {
        let p = if self.starts(i, "星期") || self.starts(i, "礼拜") {
            2
        } else if self.c[i] == '周' {
            1
        } else {
            return None;
        };
        let d = match self.get(i + p)? {
            '日' | '天' => 7,
            c => zh_digit(c).filter(|d| (1..=6).contains(d) && c != '两')?,
        };
        if self
            .get(i + p + 1)
            .is_some_and(|c| "次年岁个".contains(c) || zh_unit(c).is_some())
        {
            return None;
        }
        Some(self.number(i, i + p + 1, d as f64, NumberKind::Weekday))
    }

    /// A Chinese or Arabic numeral at `i`: its value and end.
    fn numeral_at(&self, i: usize) -> Option<(f64, usize)> {
        if self.get(i).and_then(digit).is_some() {
            let (v, e, _, _) = self.digits(i)?;
            return Some((v, e));
        }
        self.zh_value(i)
    }

    /// A Chinese numeral at `i` read as one value (no pairs).
    fn zh_value(&self, i: usize) -> Option<(f64, usize)> {
        let e = self.zh_run_end(i);
        if e == i {
            return None;
        }
        Some((parse_zh(&self.c[i..e])?, e))
    }

    /// End of the numeral run at `i`: digits and units, 点 between digits, 多/余/几 before a
    /// unit (十多万); 千 before 克/米... and 百/万 before 分 end it.
    fn zh_run_end(&self, i: usize) -> usize {
        let mut j = i;
        while let Some(c) = self.get(j) {
            let next = self.get(j + 1);
            let ok = if zh_digit(c).is_some() {
                true
            } else if matches!(c, 'O' | 'o') {
                // 六O二: a Latin O typed for 〇, between Chinese digits only.
                j > i
                    && self.prev(j).and_then(zh_digit).is_some()
                    && next.and_then(zh_digit).is_some()
            } else if let Some(u) = zh_unit(c) {
                !((u == 1e3 && next.is_some_and(|n| KILO.contains(n)))
                    || (u != 1e3 && u != 10.0 && next == Some('分')))
            } else if c == '点' {
                j > i && next.and_then(zh_digit).is_some()
            } else if matches!(c, '多' | '余' | '几') {
                j > i && next.is_some_and(|n| matches!(n, '万' | '亿' | '千' | '百'))
            } else {
                false
            };
            if !ok {
                break;
            }
            j += 1;
        }
        j
    }

    fn zh_number(&self, i: usize) -> (Vec<Number>, usize) {
        let e = self.zh_run_end(i);
        if e == i {
            return (Vec::new(), i + 1);
        }
        // The financial forms (壹 伍 陆 拾...) are numerals only among other numerals: alone
        // they are 伍 in names (科林伍德) and 陆 "land" (陆军, 大陆).
        if e == i + 1 && "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(self.c[i]) {
            return (Vec::new(), e);
        }
        // 二十面体 "icosahedron", 八面体: names of solids, not counts.
        if self.starts(e, "面体") {
            return (Vec::new(), e + 2);
        }
        let mut pieces = zh_pieces(&self.c[i..e]);
        if pieces.is_empty() {
            return (Vec::new(), e);
        }
        // 十一二岁, 二十七八: "eleven or twelve", the second digit continues the first number.
        if let [(_, _, v0), (s1, e1, v1)] = pieces[..]
            && e1 - s1 == 1
            && v0 > 10.0
            && v0 % 10.0 != 0.0
            && v1 == v0 % 10.0 + 1.0
        {
            pieces[1].2 = v0 - v0 % 10.0 + v1;
        }
        // 七八十年代, 三四十, 两三百: the first digit of an approximate pair counts in the unit
        // of the second, "seventy or eighty".
        if let [(s0, e0, v0), (s1, e1, v1)] = pieces[..]
            && e0 - s0 == 1
            && e1 - s1 == 2
            && let Some(u) = zh_unit(self.c[i + s1 + 1])
            && u < 1e8
            && v0 * u < v1
        {
            pieces[0] = (s0, e0, v0 * u);
        }
        let decade = |pe: usize, v: f64| v % 10.0 == 0.0 && v > 0.0 && self.starts(pe, "年代");
        if let [(s, pe, mut v)] = pieces[..] {
            let (s, pe) = (i + s, i + pe);
            // 三到十万, 五至六亿: the scale of the second number covers the first.
            if matches!(self.get(pe), Some('到' | '至' | '-' | '～' | '~')) {
                let e2 = self.zh_run_end(pe + 1);
                if e2 > pe + 1
                    && let Some(u) = zh_unit(self.c[e2 - 1]).filter(|u| *u >= 1e4)
                    && let Some(second) = parse_zh(&self.c[pe + 1..e2])
                    && v * u <= second
                {
                    v *= u;
                }
            }
            let whole = v.fract() == 0.0;
            let run: Vec<char> = self.c[s..pe].to_vec();
            // X分之Y: a fraction Y/X.
            if self.starts(pe, "分之")
                && let Some((num, ne)) = self.numeral_at(pe + 2)
                && v != 0.0
            {
                return (vec![self.number(s, ne, num / v, NumberKind::Fraction)], ne);
            }
            if whole && v <= 30.0 && self.starts(pe, "世纪") {
                return (vec![self.number(s, pe + 2, v, NumberKind::Century)], pe + 2);
            }
            if whole && decade(pe, v) {
                return (vec![self.number(s, pe + 2, v, NumberKind::Decade)], pe + 2);
            }
            // 十月, 3月: a month, unless 两 ("two months").
            if whole && (1.0..=12.0).contains(&v) && self.get(pe) == Some('月') && run[0] != '两'
            {
                return (vec![self.number(s, pe + 1, v, NumberKind::Month)], pe + 1);
            }
            // 四成: 40 percent.
            if run.len() == 1
                && (1.0..=9.0).contains(&v)
                && self.get(pe) == Some('成')
                && !self.get(pe + 1).is_some_and(|c| NOT_TENTHS.contains(c))
            {
                return (
                    vec![self.number(s, pe + 1, v * 10.0, NumberKind::Percent)],
                    pe + 1,
                );
            }
            // 二〇二三(年): a year.
            if run.len() == 4
                && run.iter().all(|&c| zh_digit(c).is_some())
                && (1000.0..=2100.0).contains(&v)
            {
                let ye = if self.get(pe) == Some('年') {
                    pe + 1
                } else {
                    pe
                };
                return (vec![self.number(s, ye, v, NumberKind::Year)], ye);
            }
            if self.colloquial_yi(pe) {
                return (
                    vec![self.number(s, pe + 2, v * 1e8, NumberKind::Plain)],
                    pe + 2,
                );
            }
            return (vec![self.number(s, pe, v, NumberKind::Plain)], pe);
        }
        let decades = decade(e, pieces[pieces.len() - 1].2);
        let (kind, end) = if decades {
            (NumberKind::Decade, e + 2)
        } else {
            (NumberKind::Plain, e)
        };
        let nums = pieces
            .into_iter()
            .map(|(s, pe, v)| self.number(i + s, i + pe, v, kind))
            .collect();
        (nums, end)
    }
}

/// A run of Chinese numeral characters as one or more numbers: (start, end, value) relative
/// to the run. A run that does not read as one number is split where one digit follows
/// another (三四十 "thirty or forty" → 三, 四十; 两三 → 两, 三).
fn zh_pieces(run: &[char]) -> Vec<(usize, usize, f64)> {
    if let Some(v) = parse_zh(run) {
        return vec![(0, run.len(), v)];
    }
    let split = (1..run.len()).find(|&k| {
        matches!(zh_digit(run[k]), Some(1..)) && matches!(zh_digit(run[k - 1]), Some(1..))
    });
    match split {
        Some(k) => {
            let mut out = zh_pieces(&run[..k]);
            out.extend(
                zh_pieces(&run[k..])
                    .into_iter()
                    .map(|(s, e, v)| (s + k, e + k, v)),
            );
            out
        }
        None => Vec::new(),
    }
}

/// The value of a Chinese numeral: 十五, 三千五百二十一, 一亿两千万, 一千零五, 三千五 (3500),
/// 二〇二三 (digit by digit), 三点五, 一点二亿, 十多万 (多/余/几 skipped).
fn parse_zh(run: &[char]) -> Option<f64> {
    let cs: Vec<char> = run
        .iter()
        .filter(|c| !matches!(c, '多' | '余' | '几'))
        .map(|&c| if matches!(c, 'O' | 'o') { '〇' } else { c })
        .collect();
    if let Some(p) = cs.iter().position(|&c| c == '点') {
        let (left, right) = (&cs[..p], &cs[p + 1..]);
        let nd = right.iter().take_while(|&&c| zh_digit(c).is_some()).count();
        if nd == 0 {
            return None;
        }
        let int = parse_zh_integer(left)?;
        let frac: String = right[..nd]
            .iter()
            .filter_map(|&c| zh_digit(c).and_then(|d| char::from_digit(d, 10)))
            .collect();
        let frac: f64 = format!("0.{frac}").parse().ok()?;
        let mut mult = 1.0;
        for &c in &right[nd..] {
            mult *= zh_unit(c).filter(|u| *u >= 1e3)?;
        }
        return Some((int + frac) * mult);
    }
    parse_zh_integer(&cs)
}

fn parse_zh_integer(cs: &[char]) -> Option<f64> {
    if cs.is_empty() {
        return None;
    }
    if cs.iter().all(|&c| zh_digit(c).is_some()) {
        let ds: Vec<u32> = cs.iter().filter_map(|&c| zh_digit(c)).collect();
        if ds.len() == 1 {
            return Some(ds[0] as f64);
        }
        // Digit by digit (二〇二三, 一九九八) when there is a zero or three digits and more;
        // two digits without a zero are an approximation (三四 "three or four"), not 34.
        if ds.len() >= 3 || ds.contains(&0) {
            return Some(ds.iter().fold(0.0, |acc, &d| acc * 10.0 + d as f64));
        }
        return None;
    }
    let (mut total, mut high, mut section) = (0.0, 0.0, 0.0);
    let mut pending: Option<f64> = None;
    let mut last_small: Option<f64> = None;
    let mut last_unit: Option<f64> = None;
    for &c in cs {
        if let Some(d) = zh_digit(c) {
            if pending.is_some() {
                return None;
            }
            if d == 0 {
                last_unit = None;
                continue;
            }
            pending = Some(d as f64);
        } else {
            let u = zh_unit(c)?;
            if u < 1e4 {
                if last_small.is_some_and(|p| u >= p) {
                    return None;
                }
                section += pending.take().unwrap_or(1.0) * u;
                last_small = Some(u);
            } else {
                let mut s = section + pending.take().unwrap_or(0.0);
                if u == 1e8 {
                    s += high;
                    high = 0.0;
                }
                if s == 0.0 {
                    s = 1.0;
                }
                if u == 1e8 {
                    total += s * u;
                } else {
                    high += s * u;
                }
                section = 0.0;
                last_small = None;
            }
            last_unit = Some(u);
        }
    }
    if let Some(d) = pending {
        // 三千五 is 3500 and 两万五 25000: a digit right after a unit of a hundred or more
        // counts in the next unit down. After 十, or after a zero, it is units.
        section += match last_unit {
            Some(u) if u >= 100.0 => d * u / 10.0,
            _ => d,
        };
    }
    Some(total + high + section)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(values("一百二十"), [120.0]);
        assert_eq!(values("一千零五"), [1005.0]);
        assert_eq!(values("三千五"), [3500.0]);
        assert_eq!(values("两万五"), [25000.0]);
        assert_eq!(values("两千"), [2000.0]);
        assert_eq!(values("一亿两千万"), [1.2e8]);
        assert_eq!(values("三亿五千万"), [3.5e8]);
        assert_eq!(values("两万亿"), [2e12]);
        assert_eq!(values("十万"), [1e5]);
        assert_eq!(values("一百万"), [1e6]);
        assert_eq!(values("三点五"), [3.5]);
        assert_eq!(values("一点二亿"), [1.2e8]);
        assert_eq!(values("一点七万多例"), [17000.0]);
        assert_eq!(values("十多万人"), [1e5]);
        assert_eq!(values("二〇二三年"), [2023.0]);
        assert_eq!(values("二○一八年"), [2018.0], "○ written for 〇");
        assert_eq!(values("六O二厂"), [602.0], "a Latin O typed for 〇");
        assert_eq!(values("Ⅱ型糖尿病"), [2.0]);
        agrees("Ⅱ型糖尿病", "Type 2 diabetes");
        assert_eq!(values("壹佰"), [100.0]);
        assert_eq!(values("伍拾"), [50.0]);
        assert!(
            extract("科林伍德").is_empty(),
            "伍 alone is a syllable in a name"
        );
        assert!(extract("陆军").is_empty(), "陆 alone is land");
        assert_eq!(values("4个亿"), [4e8]);
        assert_eq!(values("两个亿"), [2e8]);
        assert_eq!(
            values("20个亿元以上项目"),
            [20.0, 1e8],
            "20 projects of over 1亿元 each"
        );
    }

    #[test]
    fn chinese_words_with_numerals_are_not_numbers() {
        for word in [
            "一些",
            "一起",
            "一样",
            "一定",
            "统一",
            "万一",
            "千万不要",
            "千万别",
            "一带一路",
            "三明治",
            "十分重要",
            "一直",
            "一般",
            "之一",
            "唯一",
            "一切",
            "四川",
            "五角大楼",
            "老百姓",
            "百分点",
            "千方百计",
            "万众一心",
            "两岸",
            "零售",
            "一点点",
            "双十一",
            "二十面体",
            "四分之一决赛",
            "亿万富翁",
            "九三学社",
        ] {
            assert!(extract(word).is_empty(), "{word} gave {:?}", extract(word));
        }
        assert_eq!(values("这是最大的城市之一"), Vec::<f64>::new());
        assert_eq!(values("十分钟"), [10.0], "十分钟 is ten minutes");
        assert_eq!(
            values("两千万"),
            [2e7],
            "千万 after a numeral is ten million"
        );
        assert_eq!(values("千万美元"), [1e7]);
        assert_eq!(values("下午一点"), [1.0], "一点 after 下午 is one o'clock");
        assert_eq!(values("一线城市"), [1.0], "tier-1 city");
    }

    #[test]
    fn two_before_a_noun_is_two_but_soft() {
        // 两国 is "two countries", but English says "both countries" or names them: a
        // lone soft number is not reported...
        agrees("两国领导人", "the leaders of both countries");
        agrees("两国领导人", "the leaders of the two countries");
        agrees("中美两国", "China and the United States");
        // ...unless the other side has a number it could stand for.
        let m = differs("两国领导人", "the leaders of the three countries");
        assert_eq!(texts(&m.missing_in_target), ["两"]);
        assert_eq!(texts(&m.extra_in_target), ["three"]);
        differs("三个问题", "four questions");
        differs("五年后", "Eight years after");
    }
}
