//! Tokens for fuzzy matching, as the field scores them: words for languages written with
//! spaces, one token per character for Chinese and Japanese (including Han runs inside
//! mixed text), and every punctuation mark a token of its own.

use super::script;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_general_mark(c)
}

/// A character that belongs to a word of a spaced script. ASCII and Han, nearly every
/// character a memory holds, are told without a search of the Unicode tables.
fn in_spaced_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !script::is_han_or_kana(c) && is_word_char(c)
}

/// Combining marks stay with their word (é written as e + U+0301).
fn unicode_general_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Splits a match key (see [`super::key`]) into tokens, as byte ranges of the key. An
/// apostrophe between two letters stays inside its word (`don't`, `mayor's`).
pub fn token_spans(key: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    each_token_span(key, |s, e| out.push((s, e)));
    out
}

/// [`token_spans`], handed to `f` one at a time instead of collected: the memory index
/// tokenises every imported segment.
pub fn each_token_span(key: &str, mut f: impl FnMut(usize, usize)) {
    let mut word_start: Option<usize> = None;
    let mut chars = key.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_spaced_word(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if c == '\''
            && word_start.is_some()
            && chars.peek().is_some_and(|&(_, n)| in_spaced_word(n))
        {
            continue;
        }
        if let Some(s) = word_start.take() {
            f(s, i);
        }
        if !c.is_whitespace() {
            f(i, i + c.len_utf8());
        }
    }
    if let Some(s) = word_start {
        f(s, key.len());
    }
}

/// The tokens of a key, as string slices.
pub fn tokens(key: &str) -> Vec<&str> {
    token_spans(key)
        .into_iter()
        .map(|(s, e)| &key[s..e])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_characters_and_punctuation() {
        assert_eq!(
            tokens("the mayor's visit, 2023."),
            ["the", "mayor's", "visit", ",", "2023", "."]
        );
        assert_eq!(
            tokens("上海市长龚正。"),
            ["上", "海", "市", "长", "龚", "正", "。"]
        );
        assert_eq!(tokens("打开excel文件"), ["打", "开", "excel", "文", "件"]);
        assert_eq!(tokens("'quoted'"), ["'", "quoted", "'"]);
        assert_eq!(tokens("  "), Vec::<&str>::new());
        assert_eq!(tokens("café"), ["café"]);
        assert_eq!(tokens("ひらがなカナ"), ["ひ", "ら", "が", "な", "カ", "ナ"]);
    }
}
