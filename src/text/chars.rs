//! The characters concord will not keep, and how input is shown back to a user. Decided once
//! here, for every reader, editor and report:
//!
//! - Text may hold any character XML 1.0 allows. The others (C0 controls but TAB, LF and CR;
//!   U+FFFE, U+FFFF; lone surrogates, which a Rust `char` cannot even hold) could never be
//!   written to TMX or TBX, so one stored record would make every later export fail. XML
//!   input refuses them as not well-formed; delimited input skips the record, with the line
//!   and [`forbidden_reason`]; `glossary add` and `edit` refuse them. They are never stored.
//! - Text printed to a terminal goes through [`for_terminal`], since a database written by an
//!   older concord may hold such characters, and a raw ESC would be obeyed by the terminal.
//! - Input quoted in a message goes through [`clip`] or [`quoted`]: a 50 MB attribute value is
//!   shown by its first 80 characters.

use std::borrow::Cow;
use std::fmt::Write;

/// XML 1.0's `Char` production (surrogates cannot be a `char`).
pub fn is_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character [`is_allowed`] refuses, and its byte offset. Scans bytes: only C0
/// controls and U+FFFE/U+FFFF (lead byte 0xEF) can be out, and text is mostly neither.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes[from..]
        .iter()
        .position(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF)
    {
        let at = from + p;
        // ASCII bytes and lead bytes are char boundaries.
        let c = s[at..].chars().next()?;
        if !is_allowed(c) {
            return Some((at, c));
        }
        from = at + 1;
    }
    None
}

/// Why a record holding `c` is refused or skipped.
pub fn forbidden_reason(c: char) -> String {
    format!(
        "character U+{:04X} is not allowed in text (XML 1.0 forbids it, so no TMX or TBX could carry it)",
        c as u32
    )
}

/// The reason [`forbidden_reason`] gives for the first such character in any of `fields`.
pub fn check_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> Result<(), String> {
    match fields.into_iter().find_map(first_forbidden) {
        Some((_, c)) => Err(forbidden_reason(c)),
        None => Ok(()),
    }
}

/// Does a terminal act on this character instead of showing it? C0 and C1 controls and DEL,
/// but TAB and line ends, which output lays out with; and what [`is_allowed`] refuses.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || !is_allowed(c)
}

/// Text to print on a terminal: each control character written as `\u{7}`, so that stored
/// text is seen as it is and never obeyed as an escape sequence.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(acts_on_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if acts_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How many characters of input a message quotes.
pub const QUOTE_MAX: usize = 80;

/// Input to show in a message: its first [`QUOTE_MAX`] characters, then `…` if there was
/// more, control characters escaped as [`for_terminal`] does.
pub fn clip(s: &str) -> Cow<'_, str> {
    let cut = s.char_indices().nth(QUOTE_MAX).map(|(i, _)| i);
    match cut {
        None => for_terminal(s),
        Some(i) => Cow::Owned(format!("{}…", for_terminal(&s[..i]))),
    }
}

/// [`clip`] in double quotes, with quotes and backslashes escaped as Rust's `{:?}` writes them.
pub fn quoted(s: &str) -> String {
    let cut = s.char_indices().nth(QUOTE_MAX).map(|(i, _)| i);
    match cut {
        None => format!("{s:?}"),
        Some(i) => format!("{:?}…", &s[..i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_found_by_their_offset() {
        assert_eq!(first_forbidden("tab\tcr\rlf\n中\u{FFFD}"), None);
        assert_eq!(first_forbidden("ab\u{7}"), Some((2, '\u{7}')));
        assert_eq!(first_forbidden("中\u{FFFE}"), Some((3, '\u{FFFE}')));
        assert_eq!(first_forbidden("\u{EFFF}\u{FFFF}"), Some((3, '\u{FFFF}')));
        assert!(check_fields(["ok", "x\0"]).unwrap_err().contains("U+0000"));
    }

    #[test]
    fn terminal_output_escapes_controls_but_not_layout() {
        assert_eq!(for_terminal("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            for_terminal("bell\u{7} esc\u{1b}[2J del\u{7f} csi\u{9b} \u{FFFF}"),
            "bell\\u{7} esc\\u{1b}[2J del\\u{7f} csi\\u{9b} \\u{ffff}"
        );
    }

    #[test]
    fn long_input_is_clipped_in_messages() {
        let long = "語".repeat(200);
        let c = clip(&long);
        assert_eq!(c.chars().count(), QUOTE_MAX + 1);
        assert!(c.ends_with('…'));
        assert_eq!(clip("short"), "short");
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"");
        assert_eq!(quoted(&"x".repeat(100)), format!("\"{}\"…", "x".repeat(80)));
    }
}
