//! The scales both languages multiply by (十, 万, 亿; hundred, million), shared by the
//! scanner, which must know where a number ends, and by the readers of each language.

pub(super) fn zh_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1e3,
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        _ => return None,
    })
}

/// After 千, these make it "kilo" (千克 kilogram, 千米 kilometre, 千瓦 kilowatt), not a thousand.
pub(super) const KILO: &str = "克米瓦卡帕焦伏兆赫";

/// English scale words after a number, including `decade(s)` and `century/centuries`
/// (`three decades` = 30, as `三十年`).
pub(super) fn english_scale(word: &str) -> Option<f64> {
    match word {
        "decade" | "decades" => Some(10.0),
        "century" | "centuries" => Some(100.0),
        w => ENGLISH_SCALES
            .iter()
            .find(|(s, _)| *s == w)
            .map(|(_, v)| *v),
    }
}

pub(super) const ENGLISH_SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];
