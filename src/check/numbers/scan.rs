//! Scanning a text for numbers: the scanner that walks its characters and hands each one to
//! the reader of its script, and the reading of Arabic digits with their signs, separators,
//! decimals, scales, percentages and identifiers.

use std::cell::Cell;

use super::scales::{KILO, english_scale, zh_unit};
use super::{Number, NumberKind};
use crate::text::script::is_han;

/// Every number in `text`, in order, English and Chinese alike.
pub fn extract(text: &str) -> Vec<Number> {
    let chars: Vec<char> = text.chars().collect();
    let scan = Scanner {
        c: &chars,
        floor: Cell::new(0),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (found, next) = scan.step(i);
        if let Some(last) = found.last() {
            scan.floor.set(last.start + last.len);
        }
        out.extend(found);
        i = next.max(i + 1);
    }
    // 20世纪70年代 is one decade, 1970, not a century and a decade.
    let mut k = 0;
    while k + 1 < out.len() {
        let (a, b) = (&out[k], &out[k + 1]);
        if b.start < a.start + a.len {
            k += 1;
            continue;
        }
        let gap: String = chars[a.start + a.len..b.start].iter().collect();
        if a.kind == NumberKind::Century
            && gap.trim().is_empty()
            && b.kind == NumberKind::Decade
            && b.value < 100.0
        {
            let (s, e) = (a.start, b.start + b.len);
            out[k] = Number {
                value: (a.value - 1.0) * 100.0 + b.value,
                kind: NumberKind::Decade,
                start: s,
                len: e - s,
                text: chars[s..e].iter().collect(),
            };
            out.remove(k + 1);
        }
        k += 1;
    }
    out
}

/// ASCII or full-width digit.
pub(super) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn roman(c: char) -> Option<u32> {
    match c as u32 {
        v @ 0x2160..=0x216B => Some(v - 0x2160 + 1),
        v @ 0x2170..=0x217B => Some(v - 0x2170 + 1),
        _ => None,
    }
}

/// Letters right after digits that scale them: `1.5bn`, `3tn`, and after a currency sign
/// `£40m`, `$5k`.
fn suffix_scale(suffix: &str, currency: bool) -> Option<f64> {
    match suffix {
        "bn" => Some(1e9),
        "tn" | "trn" => Some(1e12),
        "mn" => Some(1e6),
        "m" if currency => Some(1e6),
        "b" if currency => Some(1e9),
        "k" if currency => Some(1e3),
        _ => None,
    }
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{FF0D}')
}

/// Letters that may stand before digits as a currency, not as part of an identifier (`RMB1`).
const CURRENCY_CODES: &[&str] = &[
    "RMB", "CNY", "USD", "US", "HK", "HKD", "NT", "NTD", "EUR", "GBP", "JPY", "KRW", "AUD", "CAD",
    "SGD", "INR", "Rs", "RUB", "CHF", "MOP", "NZD",
];

/// Letters that may follow digits as a unit (`200m`, `3km`, `10am`), not as part of an
/// identifier (`5G`, `4K`, `054A`).
const UNITS: &[&str] = &[
    "m", "km", "cm", "mm", "kg", "g", "mg", "t", "h", "hr", "hrs", "min", "mins", "sec", "ml", "l",
    "kW", "kw", "KW", "kWh", "MW", "GW", "mph", "kph", "ft", "x", "am", "pm", "yuan", "pc", "GB",
    "TB", "MB", "Hz", "GHz", "MHz", "mAh", "bp", "sq",
];

pub(super) struct Scanner<'a> {
    pub(super) c: &'a [char],
    /// End of the last match: a match may reach back before where its step started (the
    /// letters of `COVID-19`, the 第 of `第3`), never into the previous match.
    pub(super) floor: Cell<usize>,
}

impl Scanner<'_> {
    pub(super) fn get(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    pub(super) fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|p| self.get(p))
    }

    pub(super) fn starts(&self, i: usize, w: &str) -> bool {
        w.chars()
            .enumerate()
            .all(|(k, wc)| self.get(i + k) == Some(wc))
    }

    /// End of the run of ASCII letters starting at `i`.
    pub(super) fn word_end(&self, i: usize) -> usize {
        let mut j = i;
        while self.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            j += 1;
        }
        j
    }

    pub(super) fn text(&self, s: usize, e: usize) -> String {
        self.c[s..e].iter().collect()
    }

    pub(super) fn number(&self, s: usize, e: usize, value: f64, kind: NumberKind) -> Number {
        Number {
            value,
            kind,
            start: s,
            len: e - s,
            text: self.text(s, e),
        }
    }

    /// The word after the one that ends at `e`, across a single space or (if `hyphen`) a
    /// hyphen: its start and end.
    pub(super) fn next_word(&self, e: usize, hyphen: bool) -> Option<(usize, usize)> {
        let sep = self.get(e)?;
        if !(sep == ' ' || sep == '\u{A0}' || (hyphen && sep == '-')) {
            return None;
        }
        let we = self.word_end(e + 1);
        (we > e + 1).then_some((e + 1, we))
    }

    /// The word before position `s`, across one space or hyphen, lower-cased.
    pub(super) fn prev_word(&self, s: usize) -> Option<String> {
        let sep = self.prev(s)?;
        if !(sep == ' ' || sep == '-' || sep == '\u{A0}') {
            return None;
        }
        let e = s - 1;
        let mut b = e;
        while b > 0 && self.c[b - 1].is_ascii_alphabetic() {
            b -= 1;
        }
        (b < e).then(|| self.text(b, e).to_ascii_lowercase())
    }

    fn step(&self, i: usize) -> (Vec<Number>, usize) {
        let c = self.c[i];
        let sign = is_sign(c)
            && self.get(i + 1).and_then(digit).is_some()
            && self
                .prev(i)
                .is_none_or(|p| p.is_whitespace() || "([（【:：".contains(p));
        if digit(c).is_some() || sign {
            return self.arabic(i);
        }
        if c.is_ascii_alphabetic() {
            return self.english(i);
        }
        // Ⅱ型 "type 2": the Unicode Roman numerals, Ⅰ to Ⅻ and ⅰ to ⅻ.
        if let Some(v) = roman(c) {
            return (
                vec![self.number(i, i + 1, v as f64, NumberKind::Plain)],
                i + 1,
            );
        }
        if is_han(c) || c == '〇' {
            return self.han(i);
        }
        (Vec::new(), i + 1)
    }

    // -----------------------------------------------------------------------------------------
    // Arabic digits

    /// Digits with thousands separators and a decimal part: value, end, digits before the
    /// first separator, whether separators or a decimal part were seen.
    pub(super) fn digits(&self, i: usize) -> Option<(f64, usize, usize, bool)> {
        let mut s = String::new();
        let mut j = i;
        while let Some(d) = self.get(j).and_then(digit) {
            s.extend(char::from_digit(d, 10));
            j += 1;
        }
        if s.is_empty() {
            return None;
        }
        let first = s.len();
        let mut plain = true;
        if first <= 3 {
            // 1,234,567 and 1 234 567 with a no-break or thin space; never an ordinary space,
            // which would read "in 2018 100 people" as one number.
            while matches!(self.get(j), Some(',' | '\u{A0}' | '\u{2009}' | '\u{202F}'))
                && (1..=3).all(|k| self.get(j + k).and_then(digit).is_some())
                && self.get(j + 4).and_then(digit).is_none()
            {
                for k in 1..=3 {
                    s.extend(
                        self.get(j + k)
                            .and_then(digit)
                            .and_then(|d| char::from_digit(d, 10)),
                    );
                }
                j += 4;
                plain = false;
            }
        }
        if matches!(self.get(j), Some('.' | '．')) && self.get(j + 1).and_then(digit).is_some() {
            s.push('.');
            j += 1;
            while let Some(d) = self.get(j).and_then(digit) {
                s.extend(char::from_digit(d, 10));
                j += 1;
            }
            plain = false;
        }
        Some((s.parse().ok()?, j, first, plain))
    }

    fn arabic(&self, i: usize) -> (Vec<Number>, usize) {
        let negative = is_sign(self.c[i]);
        let ds = if negative { i + 1 } else { i };
        let Some((mut value, mut j, first, plain)) = self.digits(ds) else {
            return (Vec::new(), i + 1);
        };

        // An identifier: letters before the digits (G20, A380, MH370, iPhone7) unless they
        // are a currency (RMB100), letters with a capital or a Han character and a hyphen
        // (COVID-19, F-35, 歼-20; not mid-2018), or letters after them that are not a unit;
        // also the shopping days 双11, 双12.
        let mut code_start = None;
        let mut currency = self.prev(ds).is_some_and(|p| "$£€¥￥".contains(p));
        if !negative {
            match self.prev(ds) {
                Some(p) if p.is_ascii_alphabetic() && ds > self.floor.get() => {
                    let mut b = ds - 1;
                    while b > self.floor.get() && self.c[b - 1].is_ascii_alphabetic() {
                        b -= 1;
                    }
                    let letters = self.text(b, ds);
                    let times = letters == "x" && self.prev(b).and_then(digit).is_some();
                    if CURRENCY_CODES.contains(&letters.as_str()) {
                        currency = true;
                    } else if !times {
                        // 4x200: a product, not an identifier.
                        code_start = Some(b);
                    }
                }
                Some('-') if ds >= 2 + self.floor.get() => {
                    let p2 = self.c[ds - 2];
                    if p2.is_ascii_alphabetic() {
                        let mut b = ds - 2;
                        while b > self.floor.get() && self.c[b - 1].is_ascii_alphabetic() {
                            b -= 1;
                        }
                        if self.c[b..ds - 1].iter().any(|c| c.is_ascii_uppercase()) {
                            code_start = Some(b);
                        }
                    } else if is_han(p2) && ds - 2 >= self.floor.get() {
                        code_start = Some(ds - 2);
                    }
                }
                Some('双') if ds > self.floor.get() => code_start = Some(ds - 1),
                _ => {}
            }
        }
        let suffix_end = self.word_end(j);
        let suffix = self.text(j, suffix_end);
        let mut ordinal = false;
        let mut decade = false;
        let mut scale = 1.0;
        match suffix.as_str() {
            "" => {}
            "st" | "nd" | "rd" | "th" if plain => {
                ordinal = true;
                j = suffix_end;
            }
            "s" => {
                // 1970s, 70s (also '70s); other plurals (the 737s) are plain.
                decade = plain && value % 10.0 == 0.0 && (first == 2 || first == 4);
                j = suffix_end;
            }
            s if suffix_scale(s, currency).is_some() => {
                scale = suffix_scale(s, currency).unwrap_or(1.0);
                j = suffix_end;
            }
            s if UNITS.contains(&s) => {}
            _ => code_start = Some(code_start.unwrap_or(ds)),
        }
        if let Some(b) = code_start {
            let mut e = j.max(suffix_end);
            while self.get(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
                e += 1;
            }
            return (vec![self.number(b, e, value, NumberKind::Code)], e);
        }

        // A clock time written with a point, 7.50 am: hours and minutes, as 7时50分 has them.
        if !plain && let Some((h, m)) = self.dotted_time(ds, j) {
            let dot = (ds..j)
                .find(|&k| matches!(self.c[k], '.' | '．'))
                .unwrap_or(j);
            let mut out = vec![self.number(ds, dot, h, NumberKind::Plain)];
            if m != 0.0 {
                out.push(self.number(dot + 1, j, m, NumberKind::Plain));
            }
            return (out, j);
        }
        // A stopwatch time, 1:57.79: seconds and hundredths apart, as 1分57秒79 has them.
        let after_colon = self.prev(ds) == Some(':') && ds >= 2 && digit(self.c[ds - 2]).is_some();
        if after_colon && let Some(dot) = (ds..j).find(|&k| matches!(self.c[k], '.' | '．')) {
            let (sec, frac) = (self.text(ds, dot), self.text(dot + 1, j));
            if let (Ok(a), Ok(b)) = (sec.parse::<f64>(), frac.parse::<f64>()) {
                let out = vec![
                    self.number(ds, dot, a, NumberKind::Plain),
                    self.number(dot + 1, j, b, NumberKind::Plain),
                ];
                return (out, j);
            }
        }
        // The 00 of 9:00 says nothing that 9点 does not.
        if value == 0.0 && self.prev(ds) == Some(':') && ds >= 2 && digit(self.c[ds - 2]).is_some()
        {
            return (Vec::new(), j);
        }

        if !ordinal && !decade && scale == 1.0 {
            let (s, e) = self.scale_after(j);
            if s > 1.0 {
                scale = s;
                j = e;
            } else if let Some(s) = self.range_scale(j, value) {
                // 600-700万, RMB6-7 million: the scale of the second covers the first.
                scale = s;
            }
        }
        value *= scale;
        let (percent, pe) = if ordinal || decade {
            (false, j)
        } else {
            self.percent_after(j)
        };
        if percent {
            j = pe;
        }

        let mut start = i;
        let whole = value.fract() == 0.0 && plain && scale == 1.0 && !percent && !ordinal;
        // 2/3: a fraction when the denominator is 2 to 10 and larger (not 24/7, 9/11, dates).
        if whole
            && !negative
            && self.get(j) == Some('/')
            && self.prev(ds) != Some('/')
            && let Some((den, e, _, true)) = self.digits(j + 1)
            && (2.0..=10.0).contains(&den)
            && value < den
            && self.get(e) != Some('/')
        {
            return (
                vec![self.number(i, e, value / den, NumberKind::Fraction)],
                e,
            );
        }
        // 80后 "born in the 1980s", and 70、80年代 / 80、90后, where the first decade borrows
        // the mark of the second.
        let decade_mark = |k: usize| self.starts(k, "年代") || self.get(k) == Some('后');
        let listed_decade = matches!(self.get(j), Some('、' | '-' | '–' | '至' | '到'))
            && self
                .digits(j + 1)
                .is_some_and(|(v, e, f, p)| p && f == first && v % 10.0 == 0.0 && decade_mark(e));
        if whole && value % 10.0 == 0.0 && (first == 2 || first == 4) {
            if self.get(j) == Some('后') {
                return (
                    vec![self.number(i, j + 1, value, NumberKind::Decade)],
                    j + 1,
                );
            }
            if listed_decade {
                return (vec![self.number(i, j, value, NumberKind::Decade)], j);
            }
        }
        let unit_after = |j: usize, unit: &str| {
            let k = if self.get(j) == Some(' ') { j + 1 } else { j };
            self.starts(k, unit).then(|| k + unit.chars().count())
        };
        let kind = if percent {
            if self.c[j - 1] == '‰' {
                value /= 10.0;
            }
            NumberKind::Percent
        } else if decade {
            NumberKind::Decade
        } else if ordinal || self.prev(i) == Some('第') {
            if self.prev(i) == Some('第') && i > self.floor.get() {
                start = i - 1;
            }
            NumberKind::Ordinal
        } else if let (true, Some(e)) = (whole && value % 10.0 == 0.0, unit_after(j, "年代")) {
            j = e;
            NumberKind::Decade
        } else if let (true, Some(e)) = (whole && value <= 30.0, unit_after(j, "世纪")) {
            j = e;
            NumberKind::Century
        } else if let (true, Some(e)) =
            (whole && (1.0..=12.0).contains(&value), unit_after(j, "月"))
        {
            j = e;
            NumberKind::Month
        } else if whole && first == 4 && (1000.0..=2100.0).contains(&value) {
            if let Some(e) = unit_after(j, "年") {
                j = e;
                NumberKind::Year
            } else if self.get(j).is_some_and(is_han) || !(1900.0..=2100.0).contains(&value) {
                NumberKind::Plain
            } else {
                NumberKind::Year
            }
        } else {
            NumberKind::Plain
        };
        if negative {
            value = -value;
        }
        (vec![self.number(start, j, value, kind)], j)
    }

    /// `7.50 am`, `10.42pm`: the number from `s` to `e` read as hours and minutes.
    fn dotted_time(&self, s: usize, e: usize) -> Option<(f64, f64)> {
        let t = self.text(s, e).replace('．', ".");
        let (h, m) = t.split_once('.')?;
        let (h, m): (f64, f64) = (h.parse().ok()?, m.parse().ok()?);
        if t.split('.').nth(1)?.len() != 2 || h > 24.0 || m >= 60.0 {
            return None;
        }
        let k = if self.get(e) == Some(' ') { e + 1 } else { e };
        let w = self.text(k, self.word_end(k)).to_ascii_lowercase();
        let dotted = |x: char| {
            self.get(k) == Some(x)
                && self.get(k + 1) == Some('.')
                && self
                    .get(k + 2)
                    .is_some_and(|c| c.eq_ignore_ascii_case(&'m'))
        };
        (w == "am" || w == "pm" || dotted('a') || dotted('p')).then_some((h, m))
    }

    /// 个亿 at `k` as a scale ("4个亿" = 4亿): not when a currency follows (个亿元项目).
    pub(super) fn colloquial_yi(&self, k: usize) -> bool {
        self.starts(k, "个亿") && !self.get(k + 2).is_some_and(|c| "元美英欧日港".contains(c))
    }

    /// A scale after a number that ends at `j`: Chinese (`3万`, `1.2 亿`, `2万亿`, `10多万`)
    /// or English (`1.2 billion`, `110-million-year-old`, `3 hundred thousand`, `two
    /// decades`). Returns the factor (1 when none) and the end.
    fn scale_after(&self, j: usize) -> (f64, usize) {
        let mut k = if self.get(j) == Some(' ') { j + 1 } else { j };
        // 4个亿, colloquial for 4亿; but 20个亿元以上项目 counts projects of 亿元 each.
        if self.colloquial_yi(k) {
            return (1e8, k + 2);
        }
        if matches!(self.get(k), Some('多' | '余' | '几'))
            && matches!(self.get(k + 1), Some('万' | '亿' | '千' | '百'))
        {
            k += 1;
        }
        let mut zh = 1.0;
        while let Some(u) = self.get(k).filter(|&c| c != '十').and_then(zh_unit) {
            let next = self.get(k + 1);
            if (u == 1e3 && next.is_some_and(|n| KILO.contains(n)))
                || (u != 1e3 && next == Some('分'))
            {
                break;
            }
            zh *= u;
            k += 1;
        }
        if zh > 1.0 {
            return (zh, k);
        }
        let mut scale = 1.0;
        let mut e = j;
        while let Some((ws, we)) = self.next_word(e, true) {
            let w = self.text(ws, we).to_ascii_lowercase();
            match english_scale(&w) {
                Some(v) => {
                    scale *= v;
                    e = we;
                }
                None => break,
            }
        }
        (scale, e)
    }

    /// After a bare number ending at `j` (`600` of `600-700万`): the scale of the number that
    /// follows a range mark, if it has one and is larger.
    fn range_scale(&self, j: usize, value: f64) -> Option<f64> {
        let mark = self.get(j)?;
        let k = match mark {
            '-' | '–' | '~' | '～' | '至' | '到' => j + 1,
            ' ' if self.starts(j, " to ") => j + 4,
            _ => return None,
        };
        let (second, e, _, _) = self.digits(k)?;
        let suffix_end = self.word_end(e);
        let scale = match suffix_scale(&self.text(e, suffix_end), true) {
            Some(v) => v,
            None => self.scale_after(e).0,
        };
        (scale > 1.0 && value <= second).then_some(scale)
    }

    /// `%`, `％`, `‰`, ` percent`, ` per cent` at `j`.
    pub(super) fn percent_after(&self, j: usize) -> (bool, usize) {
        let k = if self.get(j) == Some(' ') { j + 1 } else { j };
        if matches!(self.get(k), Some('%' | '％' | '‰')) {
            return (true, k + 1);
        }
        if let Some((ws, we)) = self.next_word(j, false) {
            let w = self.text(ws, we).to_ascii_lowercase();
            if w == "percent" {
                return (true, we);
            }
            if w == "per"
                && let Some((cs, ce)) = self.next_word(we, false)
                && self.text(cs, ce).eq_ignore_ascii_case("cent")
            {
                return (true, ce);
            }
        }
        (false, j)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn arabic_numerals() {
        assert_eq!(values("１２３人"), [123.0], "full-width digits");
        assert_eq!(values("０．５"), [0.5]);
        assert_eq!(values("1,234,567"), [1234567.0]);
        assert_eq!(
            values("1\u{A0}234\u{A0}567"),
            [1234567.0],
            "no-break space groups"
        );
        assert_eq!(
            values("in 2018 100 people"),
            [2018.0, 100.0],
            "an ordinary space never groups digits"
        );
        assert_eq!(
            values("2018,2019"),
            [2018.0, 2019.0],
            "not a thousands group"
        );
        assert_eq!(values("1,2,3"), [1.0, 2.0, 3.0]);
        assert_eq!(values("It rose 3.5."), [3.5]);
        assert_eq!(values("in 2018."), [2018.0]);
        assert_eq!(values("5 percent, 6 per cent, ７％"), [5.0, 6.0, 7.0]);
        assert!(
            extract("5 per cent")
                .iter()
                .all(|n| n.kind == NumberKind::Percent)
        );
        assert_eq!(values("$1.5bn and £40m and 3tn"), [1.5e9, 4e7, 3e12]);
        assert_eq!(
            values("a 200m race"),
            [200.0],
            "m without a currency is metres"
        );
        assert_eq!(values("110-million-year-old"), [1.1e8]);
        assert_eq!(values("RMB100 and HK$20"), [100.0, 20.0]);
        assert_eq!(values("4x200米"), [4.0, 200.0]);
    }

    #[test]
    fn signs_only_where_unambiguous() {
        assert_eq!(values("-5%"), [-5.0]);
        assert_eq!(values("fell to -3.5 degrees"), [-3.5]);
        assert_eq!(values("3-5 years"), [3.0, 5.0], "a range, not minus five");
        assert_eq!(values("2-1 win"), [2.0, 1.0]);
        assert_eq!(values("mid-2018"), [2018.0]);
        agrees("下降5%", "-5%");
    }

    #[test]
    fn mixed_digits_and_scales() {
        assert_eq!(values("3.5万"), [35000.0]);
        assert_eq!(values("3500万"), [3.5e7]);
        assert_eq!(values("500 万英镑"), [5e6], "a space before the scale");
        assert_eq!(values("2万亿"), [2e12]);
        assert_eq!(values("10多万"), [1e5]);
        assert_eq!(values("5千万"), [5e7]);
        assert_eq!(values("5千克"), [5.0], "千克 is a kilogram");
        assert_eq!(values("10千米"), [10.0]);
    }

    #[test]
    fn identifiers() {
        for (text, value) in [
            ("COVID-19", 19.0),
            ("G20", 20.0),
            ("5G", 5.0),
            ("A380", 380.0),
            ("MH370", 370.0),
            ("F-35", 35.0),
            ("歼-20", 20.0),
            ("iPhone7", 7.0),
            ("054A", 54.0),
        ] {
            let n = one(text);
            assert_eq!(
                (n.kind, n.value, n.text.as_str()),
                (NumberKind::Code, value, text)
            );
        }
        assert_eq!(one("双11").kind, NumberKind::Code);
        agrees("新冠肺炎", "COVID-19");
        agrees("二十国集团峰会", "the G20 summit");
        agrees("5G网络", "5G networks");
        agrees("双11购物节", "the Singles' Day shopping festival");
    }

    #[test]
    fn clock_and_stopwatch_times() {
        agrees("上午7时50分", "at 7.50 am");
        agrees("上午9点", "at 9:00 a.m.");
        agrees("17时10分", "At 17:10");
        agrees("用时1分57秒79", "in 1:57.79");
    }
}
