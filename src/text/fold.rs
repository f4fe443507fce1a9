//! Match keys with their offsets: the key [`super::key::normalize`] gives, made a character at a
//! time, each key character handed over with the original characters it came from, so that a
//! hit in a key can be told in the text it was made from.

use std::sync::LazyLock;

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::key::{self, simplified_char};
use super::script;

/// The key [`key::normalize`] gives, with Traditional characters simplified one by one,
/// handed to `out` a character at a time with the original characters `[from, to)` it came
/// from. Text is normalised one cluster at a time: a character with the marks and the
/// characters NFKC may compose with it (combining marks, conjoining jamo, kana voicing marks),
/// so that normalising clusters apart gives what normalising the whole text gives. A
/// character NFKC expands (`…` → `...`) maps all its pieces to itself; a run of white space,
/// read as one space, maps that space to the whole run.
pub(crate) fn fold(
    text: impl Iterator<Item = char>,
    keep_case: bool,
    mut out: impl FnMut(char, (u32, u32)),
) {
    let mut chars = text.peekable();
    let mut at = 0u32;
    let mut pending: Option<(u32, u32)> = None;
    let mut started = false;
    let mut buf = String::new();
    let emit = |out: &mut dyn FnMut(char, (u32, u32)),
                c: char,
                span: (u32, u32),
                pending: &mut Option<(u32, u32)>| {
        if let Some(p) = pending.take() {
            out(' ', p);
        }
        out(simplified_char(c), span);
    };
    while let Some(c) = chars.next() {
        let from = at;
        at += 1;
        let single = chars.peek().is_none_or(|&n| !joins_previous(n));
        if single && c.is_ascii() {
            // The common case, tabulated from `normalize` itself.
            let span = (from, at);
            match ASCII_KEYS[c as usize] {
                AsciiKey::Space => {
                    if started {
                        pending = Some(pending.map_or(span, |(f, _)| (f, at)));
                    }
                }
                AsciiKey::Same(k) | AsciiKey::Other(k) => {
                    started = true;
                    let k = match ASCII_KEYS[c as usize] {
                        AsciiKey::Same(_) if keep_case => c,
                        _ => k,
                    };
                    if let Some(p) = pending.take() {
                        out(' ', p);
                    }
                    // ASCII has nothing to simplify.
                    out(k, span);
                }
            }
            continue;
        }
        if single && script::is_unified_han(c) {
            // Unified ideographs are their own NFKC and have no case.
            started = true;
            emit(&mut out, c, (from, at), &mut pending);
            continue;
        }
        buf.clear();
        buf.push(c);
        while let Some(&n) = chars.peek()
            && joins_previous(n)
        {
            buf.push(n);
            chars.next();
            at += 1;
        }
        let span = (from, at);
        for c in buf.nfkc() {
            if c.is_alphanumeric() {
                started = true;
                if keep_case {
                    emit(&mut out, c, span, &mut pending);
                } else {
                    for l in c.to_lowercase() {
                        emit(&mut out, l, span, &mut pending);
                    }
                }
                continue;
            }
            // Punctuation and spaces go through `normalize` itself, so that its rules for
            // apostrophes, hyphens and white space are applied from one place; what it trims
            // to nothing is a space. Leading space is dropped, as `normalize` trims it.
            let mut one = [0u8; 4];
            let norm = key::normalize(c.encode_utf8(&mut one), keep_case);
            if norm.is_empty() {
                if started {
                    pending = Some(pending.map_or(span, |(f, _)| (f, at)));
                }
                continue;
            }
            started = true;
            for n in norm.chars() {
                emit(&mut out, n, span, &mut pending);
            }
        }
    }
}

/// What [`key::normalize`] makes of one ASCII character.
#[derive(Clone, Copy)]
enum AsciiKey {
    /// White space, or a hyphen: read as a space.
    Space,
    /// Kept, lower-cased when case is folded.
    Same(char),
    /// Replaced whatever the case (a backtick is an apostrophe).
    Other(char),
}

static ASCII_KEYS: LazyLock<[AsciiKey; 128]> = LazyLock::new(|| {
    let mut table = [AsciiKey::Space; 128];
    for (b, slot) in table.iter_mut().enumerate() {
        let c = b as u8 as char;
        let (cased, folded) = (
            key::normalize(&c.to_string(), true),
            key::normalize(&c.to_string(), false),
        );
        let one = |s: &str| {
            let mut cs = s.chars();
            cs.next().filter(|_| cs.next().is_none())
        };
        *slot = match (one(&cased), one(&folded)) {
            (Some(k), Some(f)) if k == c => AsciiKey::Same(f),
            (Some(k), Some(f)) if k == f => AsciiKey::Other(k),
            // Control characters that NFKC keeps and `normalize` does not call white space.
            _ if cased.is_empty() => AsciiKey::Space,
            _ => AsciiKey::Other(c),
        };
    }
    table
});

/// Can NFKC merge this character with the one before it? It can if the character's
/// compatibility decomposition starts with a combining mark (half-width ﾞ is U+3099) or with
/// a character that composes with what precedes it (conjoining jamo).
fn joins_previous(c: char) -> bool {
    if c.is_ascii() || script::is_common_han(c) {
        return false;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    let first = first.unwrap_or(c);
    canonical_combining_class(first) != 0
        || is_nfkc_quick(std::iter::once(first)) == IsNormalized::Maybe
}
