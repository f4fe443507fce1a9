//! Text handling shared by every part of concord: language tags, scripts and match keys.

pub mod chars;
pub(crate) mod fold;
pub mod key;
pub mod lang;
pub mod script;
pub mod token;

pub use key::{Keys, MatchKind};
pub use lang::{LangTag, NamedLang, NamedLangs};

/// Marks `len` characters of `text` from character `start`: reverse video when `colour` (a
/// terminal), else «» around them. The span is clamped to the text, and control characters
/// are shown escaped ([`chars::for_terminal`]).
pub fn mark(text: &str, start: usize, len: usize, colour: bool) -> String {
    let (open, close) = if colour {
        ("\x1b[7m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
    let (a, b) = (byte(start), byte(start.saturating_add(len)));
    let shown = chars::for_terminal;
    format!(
        "{}{open}{}{close}{}",
        shown(&text[..a]),
        shown(&text[a..b]),
        shown(&text[b..])
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_characters_not_bytes_and_clamps_the_span() {
        assert_eq!(
            super::mark("南京市长江大桥", 2, 2, false),
            "南京«市长»江大桥"
        );
        assert_eq!(super::mark("Mayor", 3, 10, false), "May«or»");
        assert_eq!(super::mark("ab", 5, 1, true), "ab\x1b[7m\x1b[0m");
        assert_eq!(
            super::mark("a\u{1b}[2Jb", 0, 1, false),
            "«a»\\u{1b}[2Jb",
            "stored text never drives the terminal"
        );
    }
}
