//! English number words: the tables of cardinals, tens, ordinals, scales, months and weekdays,
//! and the scanner's reading of them (`twenty-five`, `one hundred and twenty`, `a million`,
//! `two-thirds`, `October 30`).

use super::scales::ENGLISH_SCALES;
use super::scan::{Scanner, digit};
use super::{Number, NumberKind};

const ENGLISH_CARDINALS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

const ENGLISH_TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const ENGLISH_ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
    ("thousandth", 1e3),
];

/// The denominator of an English fraction (`one third`, `two-thirds`, `a quarter of`, `one
/// fiftieth`): an ordinal from third up, singular or plural, or quarter.
fn english_denominator(word: &str) -> Option<f64> {
    if matches!(word, "quarter" | "quarters") {
        return Some(4.0);
    }
    let singular = word.strip_suffix('s').unwrap_or(word);
    ENGLISH_ORDINALS
        .iter()
        .find(|(w, v)| *w == singular && *v >= 3.0)
        .map(|(_, v)| *v)
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTH_ABBREVIATIONS: &[(&str, u32)] = &[
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sep", 9),
    ("Sept", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

/// Words before a bare "May" that make it the month, not the verb.
const MAY_CUES: &[&str] = &[
    "in", "of", "since", "until", "till", "by", "early", "late", "mid", "last", "next", "this",
    "from", "to", "before", "after", "during", "between", "on", "and", "through",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Scanner<'_> {
    pub(super) fn english(&self, i: usize) -> (Vec<Number>, usize) {
        let end = self.word_end(i);
        if self.prev(i).is_some_and(|p| p.is_ascii_alphanumeric()) {
            return (Vec::new(), end);
        }
        let w = self.text(i, end);
        if let Some(m) = self.month(i, end, &w) {
            return (vec![self.number(i, end, m as f64, NumberKind::Month)], end);
        }
        let capitalised = w.starts_with(|c: char| c.is_ascii_uppercase());
        let day = w.strip_suffix('s').unwrap_or(&w);
        if capitalised && let Some(d) = WEEKDAYS.iter().position(|d| *d == day) {
            return (
                vec![self.number(i, end, (d + 1) as f64, NumberKind::Weekday)],
                end,
            );
        }
        if let Some((value, e)) = self.english_approximate(i, end) {
            return (vec![self.number(i, e, value, NumberKind::Approximate)], e);
        }
        match self.english_number(i) {
            Some((value, kind, e)) => {
                let (percent, pe) = self.percent_after(e);
                if percent && kind == NumberKind::Plain {
                    (vec![self.number(i, pe, value, NumberKind::Percent)], pe)
                } else {
                    (vec![self.number(i, e, value, kind)], e)
                }
            }
            None => (Vec::new(), end),
        }
    }

    /// `dozens`, `hundreds`, `thousands`, `millions`, `decades`, and `tens of thousands`,
    /// `hundreds of millions`: orders of magnitude.
    fn english_approximate(&self, i: usize, end: usize) -> Option<(f64, usize)> {
        let plural = |w: &str| match w {
            "dozens" | "tens" | "decades" => Some(10.0),
            "hundreds" | "centuries" => Some(100.0),
            "thousands" => Some(1e3),
            "millions" => Some(1e6),
            "billions" => Some(1e9),
            "trillions" => Some(1e12),
            _ => None,
        };
        let w = self.text(i, end).to_ascii_lowercase();
        let mut value = plural(&w)?;
        let mut e = end;
        if let Some((os, oe)) = self.next_word(end, false)
            && self.text(os, oe) == "of"
            && let Some((ws, we)) = self.next_word(oe, false)
            && let Some(v) = plural(&self.text(ws, we).to_ascii_lowercase())
            && v >= 1e3
        {
            value *= v;
            e = we;
        } else if w == "tens" {
            return None;
        }
        Some((value, e))
    }

    fn month(&self, i: usize, end: usize, w: &str) -> Option<u32> {
        let digit_after =
            || self.get(end) == Some(' ') && self.get(end + 1).and_then(digit).is_some();
        let sentence_start = {
            let mut k = i;
            while k > 0 && matches!(self.c[k - 1], ' ' | '"' | '“' | '\'' | '‘' | '(') {
                k -= 1;
            }
            k == 0 || matches!(self.c[k - 1], '.' | '!' | '?' | ':' | ';')
        };
        if w == "May" || (w == "March" && sentence_start) {
            let digit_before =
                self.prev(i) == Some(' ') && i >= 2 && digit(self.c[i - 2]).is_some();
            let cue = self
                .prev_word(i)
                .is_some_and(|p| MAY_CUES.contains(&p.as_str()));
            let m = if w == "May" { 5 } else { 3 };
            return (digit_after() || digit_before || cue).then_some(m);
        }
        if let Some(m) = MONTHS.iter().position(|m| *m == w) {
            // The Long March (长征), not a month.
            return (w != "March" || self.prev_word(i).is_none_or(|p| p != "long"))
                .then_some(m as u32 + 1);
        }
        let (_, m) = MONTH_ABBREVIATIONS.iter().find(|(a, _)| *a == w)?;
        (self.get(end) == Some('.') || digit_after()).then_some(*m)
    }

    /// Cardinals (`twenty-five`, `one hundred and twenty`, `a million`), ordinals (`third`,
    /// `twenty-first`) and fractions (`two thirds`, `a quarter of`) starting at `i`.
    fn english_number(&self, i: usize) -> Option<(f64, NumberKind, usize)> {
        #[derive(PartialEq, Clone, Copy)]
        enum State {
            Start,
            Article,
            Unit,
            Tens,
            Hundred,
            Scale,
        }
        let lookup =
            |table: &[(&str, f64)], w: &str| table.iter().find(|(t, _)| *t == w).map(|(_, v)| *v);
        let mut state = State::Start;
        let (mut total, mut current) = (0.0, 0.0);
        let mut end = None;
        let mut words = 0;
        let (mut ws, mut we) = (i, self.word_end(i));
        loop {
            let w = self.text(ws, we).to_ascii_lowercase();
            let cardinal = lookup(ENGLISH_CARDINALS, &w);
            let tens = lookup(ENGLISH_TENS, &w);
            // "two hundred-year goals": a scale inside a compound adjective is not read.
            let compound = self.get(we) == Some('-')
                && self.get(we + 1).is_some_and(|c| c.is_ascii_alphabetic());
            let scale = lookup(ENGLISH_SCALES, &w).filter(|_| !compound);
            let decades = match w.as_str() {
                "decade" | "decades" => Some(10.0),
                "century" | "centuries" => Some(100.0),
                _ => None,
            };
            let mut hyphen = true;
            match state {
                State::Start => {
                    if w == "a" || w == "an" {
                        state = State::Article;
                        hyphen = false;
                    } else if w == "half"
                        && let Some((as_, ae)) = self.next_word(we, false)
                        && self.text(as_, ae) == "a"
                        && let Some((ss, se)) = self.next_word(ae, false)
                        && let Some(v) =
                            lookup(ENGLISH_SCALES, &self.text(ss, se).to_ascii_lowercase())
                    {
                        // "half a billion", as 5亿.
                        return Some((v / 2.0, NumberKind::Plain, se));
                    } else if w == "twice" {
                        return Some((2.0, NumberKind::Plain, we));
                    } else if let Some(v) = cardinal {
                        current = v;
                        state = State::Unit;
                    } else if let Some(v) = tens {
                        current = v;
                        state = State::Tens;
                    } else if let Some(v) = lookup(ENGLISH_ORDINALS, &w)
                        .or_else(|| lookup(ENGLISH_ORDINALS, w.strip_suffix("ly")?))
                    {
                        // "third", and "thirdly" for 第三 opening a point.
                        return Some((v, NumberKind::Ordinal, we));
                    } else {
                        return None;
                    }
                }
                State::Article => {
                    if let Some(v) = decades.filter(|_| w == "decade" || w == "century") {
                        return Some((v, NumberKind::Plain, we));
                    } else if let Some(v) = scale {
                        if v == 100.0 {
                            current = 100.0;
                            state = State::Hundred;
                        } else {
                            total = v;
                            state = State::Scale;
                        }
                    } else if let Some(d) = english_denominator(&w)
                        && self.of_follows(we)
                        && self.fraction_allowed(i, &w)
                    {
                        return Some((1.0 / d, NumberKind::Fraction, we));
                    } else {
                        return None;
                    }
                }
                State::Unit | State::Tens | State::Hundred | State::Scale => {
                    if let Some(v) = decades.filter(|_| total == 0.0 && current < 100.0) {
                        return Some((current * v, NumberKind::Plain, we));
                    } else if state == State::Tens
                        && let Some(v) = cardinal.filter(|v| (1.0..10.0).contains(v))
                    {
                        current += v;
                        state = State::Unit;
                    } else if state == State::Tens
                        && let Some(v) = lookup(ENGLISH_ORDINALS, &w).filter(|v| *v < 10.0)
                    {
                        return Some((total + current + v, NumberKind::Ordinal, we));
                    } else if matches!(state, State::Unit | State::Tens)
                        && scale == Some(100.0)
                        && current < 100.0
                    {
                        current *= 100.0;
                        state = State::Hundred;
                    } else if let Some(v) = scale.filter(|v| *v > 100.0)
                        && state != State::Scale
                    {
                        total += current * v;
                        current = 0.0;
                        state = State::Scale;
                    } else if matches!(state, State::Hundred | State::Scale)
                        && let Some(v) = cardinal.or(tens)
                    {
                        current += v;
                        state = if tens.is_some() {
                            State::Tens
                        } else {
                            State::Unit
                        };
                    } else if matches!(state, State::Hundred | State::Scale)
                        && w == "and"
                        && let Some((ns, ne)) = self.next_word(we, false)
                        && {
                            let n = self.text(ns, ne).to_ascii_lowercase();
                            lookup(ENGLISH_CARDINALS, &n).is_some()
                                || lookup(ENGLISH_TENS, &n).is_some()
                        }
                    {
                        ws = ns;
                        we = ne;
                        continue;
                    } else if state == State::Unit
                        && words == 1
                        && current <= 10.0
                        && let Some(d) = english_denominator(&w)
                        && self.fraction_allowed(i, &w)
                    {
                        return Some((current / d, NumberKind::Fraction, we));
                    } else {
                        break;
                    }
                }
            }
            words += 1;
            if state != State::Article {
                end = Some(we);
            }
            match self.next_word(we, hyphen) {
                Some((s, e)) => (ws, we) = (s, e),
                None => break,
            }
        }
        end.map(|e| (total + current, NumberKind::Plain, e))
    }

    fn of_follows(&self, e: usize) -> bool {
        self.next_word(e, false)
            .is_some_and(|(s, e)| self.text(s, e).eq_ignore_ascii_case("of"))
    }

    /// "the first three quarters" is a time span, not three fourths.
    fn fraction_allowed(&self, i: usize, denominator: &str) -> bool {
        !denominator.starts_with("quarter")
            || !self.prev_word(i).is_some_and(|p| {
                matches!(
                    p.as_str(),
                    "first"
                        | "last"
                        | "past"
                        | "next"
                        | "previous"
                        | "consecutive"
                        | "straight"
                        | "the"
                        | "three"
                        | "two"
                        | "four"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn english_number_words() {
        assert_eq!(values("three"), [3.0]);
        assert_eq!(values("Fifteen"), [15.0]);
        assert_eq!(values("twenty-five"), [25.0]);
        assert_eq!(values("twenty five"), [25.0]);
        assert_eq!(values("one hundred and twenty"), [120.0]);
        assert_eq!(values("two thousand three hundred"), [2300.0]);
        assert_eq!(values("a million"), [1e6]);
        assert_eq!(values("2.5 million"), [2.5e6]);
        assert_eq!(values("4 billion"), [4e9]);
        assert_eq!(values("half a billion"), [5e8]);
        assert_eq!(values("three decades"), [30.0]);
        assert_eq!(values("a decade"), [10.0]);
        assert_eq!(values("twice"), [2.0]);
        assert!(extract("once, often, someone, tone, Often").is_empty());
        assert!(extract("a dozen").is_empty(), "a dozen is left out");
        assert_eq!(
            values("the two hundred-year goals"),
            [2.0],
            "a scale inside a compound adjective is not read"
        );
    }
}
