//! Text handling shared by every part of concord: language tags, scripts and match keys.

pub mod chars;
pub(crate) mod fold;
pub mod function_words;
pub mod key;
pub mod lang;
pub mod pinyin;
pub mod script;
pub mod spelling;
pub mod token;

pub use key::{Keys, MatchKind};
pub use lang::{LangTag, NamedLang, NamedLangs};

/// "1 unit", "3 units": a count with its noun, for the human reports (the nouns counted take
/// a plain -s).
pub fn counted<N>(n: N, noun: &str) -> String
where
    N: PartialEq + From<u8> + std::fmt::Display,
{
    if n == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

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

/// Characters [`excerpt`] shows on each side of a span.
pub const CONTEXT: usize = 40;

/// The byte offset of each character of `text`, then its length: what [`excerpt`] needs to
/// find a character in one step.
pub fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// [`mark`] in a window of [`CONTEXT`] characters on each side of the span, each cut shown
/// as `…`; of a span longer than twice that, its start. A report that shows a whole
/// one-line page for each of its thousands of findings runs to gigabytes. `offsets` are the
/// text's [`char_offsets`], computed once for all the findings in one text.
pub fn excerpt(text: &str, offsets: &[usize], start: usize, len: usize, colour: bool) -> String {
    let (open, close) = if colour {
        ("\x1b[7m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let n = offsets.len().saturating_sub(1);
    let at = |c: usize| offsets.get(c).copied().unwrap_or(text.len());
    let a = start.min(n);
    let b = a.saturating_add(len).min(n);
    let shown_b = b.min(a + 2 * CONTEXT);
    let (from, to) = (a.saturating_sub(CONTEXT), b.saturating_add(CONTEXT).min(n));
    let shown = chars::for_terminal;
    format!(
        "{}{}{open}{}{}{close}{}{}",
        if from > 0 { "…" } else { "" },
        shown(&text[at(from)..at(a)]),
        shown(&text[at(a)..at(shown_b)]),
        if shown_b < b { "…" } else { "" },
        shown(&text[at(b)..at(to)]),
        if to < n { "…" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_a_window_cut_at_characters() {
        let ex = |t: &str, s, l| super::excerpt(t, &super::char_offsets(t), s, l, false);
        assert_eq!(ex("南京市长江大桥", 2, 2), "南京«市长»江大桥");
        let long = format!("{}市长{}", "南".repeat(100), "桥".repeat(100));
        let want = format!("…{}«市长»{}…", "南".repeat(40), "桥".repeat(40));
        assert_eq!(ex(&long, 100, 2), want);
        let span = ex(&"x".repeat(500), 0, 500);
        assert_eq!(span, format!("«{}…»", "x".repeat(80)));
        assert_eq!(ex("ab", 5, 1), "ab«»");
    }

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
