//! Which script a character belongs to, as far as concord's rules ask: is it Han (folded from
//! Traditional to Simplified, cut anywhere by the matcher, counted one token each), kana, or of
//! a script written without spaces between words? Told in one place, so that the keys, the
//! matcher, the memory's tokens, the checker and the importers agree on what a Han character
//! is. By Unicode block, not by the Script property: a block test costs a comparison or two,
//! and these run on every character of every segment.

/// The CJK Unified Ideographs and their Extensions A to I (Unicode 16). Each is its own NFKC
/// form and has no case, which the key folding relies on to pass them through untouched.
#[inline]
pub fn is_unified_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF // Extension A
        | 0x4E00..=0x9FFF // the main block
        | 0x20000..=0x2A6DF // B
        | 0x2A700..=0x2EE5F // C, D, E, F, I
        | 0x30000..=0x323AF) // G, H
}

/// The unified ideographs of the Basic Multilingual Plane (Extension A and the main block):
/// nearly every Han character a text holds, and few enough for a table indexed by code point.
#[inline]
pub fn is_common_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// The CJK Compatibility Ideographs and their Supplement: duplicates of unified ideographs
/// kept for round trips with older character sets, which NFKC maps to those ideographs.
#[inline]
pub fn is_compatibility_han(c: char) -> bool {
    matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// A Han ideograph, unified or compatibility. Not 〇 nor 々, which are symbols of the CJK
/// punctuation block (see [`is_unspaced`]), nor the radicals, which NFKC maps to ideographs.
#[inline]
pub fn is_han(c: char) -> bool {
    is_unified_han(c) || is_compatibility_han(c)
}

/// Does the text hold a Han ideograph?
#[inline]
pub fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

/// Hiragana, katakana (with its phonetic extensions and the half-width forms) and the historic
/// kana of the supplementary plane.
#[inline]
pub fn is_kana(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F // Hiragana
        | 0x30A0..=0x30FF // Katakana
        | 0x31F0..=0x31FF // Katakana Phonetic Extensions
        | 0xFF66..=0xFF9F // half-width katakana
        | 0x1AFF0..=0x1B16F) // Kana Extended-B, Supplement, Extended-A, Small Kana Extension
}

/// Han or kana: the characters of Chinese and Japanese, each of which translation tools count
/// as a token of its own.
#[inline]
pub fn is_han_or_kana(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// A character of a script written without spaces between words, where a word may end after
/// any character: Han, kana, bopomofo, Thai, Lao, Myanmar, Khmer, and the CJK marks that stand
/// for Han characters (々 〆 〇 〻).
#[inline]
pub fn is_unspaced(c: char) -> bool {
    is_han_or_kana(c)
        || matches!(c as u32,
            0x3100..=0x312F | 0x31A0..=0x31BF // Bopomofo
            | 0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x3005..=0x3007 | 0x303B) // 々 〆 〇 〻
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_characters() {
        // (character, unified, compatibility, kana, unspaced), at the edges of every block.
        let table: &[(char, bool, bool, bool, bool)] = &[
            ('A', false, false, false, false),
            ('1', false, false, false, false),
            ('é', false, false, false, false),
            ('\u{0E01}', false, false, false, true), // Thai ko kai
            ('\u{1000}', false, false, false, true), // Myanmar ka
            ('\u{1780}', false, false, false, true), // Khmer ka
            ('\u{2E80}', false, false, false, false), // CJK radical, not an ideograph
            ('\u{2F00}', false, false, false, false), // Kangxi radical one
            ('、', false, false, false, false),
            ('々', false, false, false, true),
            ('〆', false, false, false, true),
            ('〇', false, false, false, true),
            ('〻', false, false, false, true),
            ('\u{303F}', false, false, false, false),
            ('\u{3040}', false, false, true, true),
            ('ぁ', false, false, true, true),
            ('ゟ', false, false, true, true),
            ('゠', false, false, true, true),
            ('ヿ', false, false, true, true),
            ('ㄅ', false, false, false, true), // bopomofo
            ('ㇰ', false, false, true, true),
            ('ㇿ', false, false, true, true),
            ('\u{33FF}', false, false, false, false),
            ('\u{3400}', true, false, false, true), // Extension A
            ('\u{4DBF}', true, false, false, true),
            ('\u{4DC0}', false, false, false, false), // Yijing hexagram
            ('一', true, false, false, true),
            ('\u{9FFF}', true, false, false, true),
            ('\u{A000}', false, false, false, false), // Yi
            ('가', false, false, false, false),       // Hangul is spaced
            ('\u{F8FF}', false, false, false, false),
            ('\u{F900}', false, true, false, true), // 豈, compatibility
            ('\u{FAFF}', false, true, false, true),
            ('\u{FB00}', false, false, false, false),
            ('Ａ', false, false, false, false), // fullwidth Latin
            ('，', false, false, false, false),
            ('\u{FF65}', false, false, false, false), // half-width middle dot
            ('ｦ', false, false, true, true),
            ('ﾟ', false, false, true, true),
            ('ﾠ', false, false, false, false), // half-width hangul filler
            ('\u{1AFF0}', false, false, true, true),
            ('\u{1B000}', false, false, true, true),
            ('\u{1B16F}', false, false, true, true),
            ('\u{1B170}', false, false, false, false), // Nüshu
            ('\u{1FFFF}', false, false, false, false),
            ('\u{20000}', true, false, false, true), // Extension B
            ('𠮷', true, false, false, true),
            ('\u{2A6DF}', true, false, false, true),
            ('\u{2A700}', true, false, false, true), // Extension C
            ('\u{2EBF0}', true, false, false, true), // Extension I
            ('\u{2EE5F}', true, false, false, true),
            ('\u{2F800}', false, true, false, true),
            ('\u{2FA1F}', false, true, false, true),
            ('\u{2FA20}', false, false, false, false),
            ('\u{30000}', true, false, false, true), // Extension G
            ('\u{323AF}', true, false, false, true), // end of H
            ('\u{E0100}', false, false, false, false),
        ];
        for &(c, unified, compatibility, kana, unspaced) in table {
            let name = format!("{c:?} U+{:04X}", c as u32);
            assert_eq!(is_unified_han(c), unified, "unified {name}");
            assert_eq!(
                is_compatibility_han(c),
                compatibility,
                "compatibility {name}"
            );
            assert_eq!(is_han(c), unified || compatibility, "han {name}");
            assert_eq!(is_kana(c), kana, "kana {name}");
            assert_eq!(is_han_or_kana(c), is_han(c) || kana, "han or kana {name}");
            assert_eq!(is_unspaced(c), unspaced, "unspaced {name}");
            assert_eq!(
                is_common_han(c),
                unified && (c as u32) < 0x10000,
                "common {name}"
            );
        }
        assert!(has_han("the 市长"));
        assert!(has_han("\u{F900}"));
        assert!(!has_han("ひらがな, 가, ＡＢＣ, 〇"));
        assert!(!has_han(""));
    }
}
