//! `POST /api/check` with a form body: the draft with the ignore lists and the baseline that
//! `concord check --ignore FILE --baseline FILE` reads, each a field of an
//! `application/x-www-form-urlencoded` body (`curl --data-urlencode draft@draft.tsv
//! --data-urlencode ignore@draft.concord-ignore --data-urlencode baseline@old.json`).
//!
//! The body is decoded here rather than by `axum::Form`: serde_urlencoded replaces bytes that
//! are not UTF-8 with U+FFFD, and the draft must reach the reader byte for byte, as the CLI
//! reads its file (a UTF-16 XLIFF, a TSV with a bad byte: the same answer or the same error).

use crate::check::suppress::{Baseline, IgnoreList, Suppression};
use crate::document::DraftFormat;

use super::ApiError;
use crate::error::Error;

/// The fields a form body may carry; only `ignore` may repeat, as `--ignore` may.
const FIELDS: &[&str] = &["draft", "format", "ignore", "baseline"];

/// The draft formats by the names `--format` gives them.
const FORMATS: &[(&str, DraftFormat)] = &[
    ("tsv", DraftFormat::Tsv),
    ("xliff", DraftFormat::Xliff),
    ("tmx", DraftFormat::Tmx),
];

/// A check asked for with a form body.
pub(super) struct FormCheck {
    pub(super) draft: Vec<u8>,
    /// `None` when not given: told from the draft's bytes, as for `concord check -`.
    pub(super) format: Option<DraftFormat>,
    pub(super) suppression: Suppression,
}

/// Reads a form body. Errors in an ignore list or a baseline name it as the CLI names a file:
/// `ignore` (`ignore#2` for a second one), `baseline`, with the line.
pub(super) fn read(body: &[u8]) -> Result<FormCheck, ApiError> {
    let fields = decode(body)?;
    for (i, (name, _)) in fields.iter().enumerate() {
        if !FIELDS.contains(&name.as_str()) {
            return Err(bad(format!(
                "unknown form field {name:?} (this route takes: {})",
                FIELDS.join(", ")
            )));
        }
        if name != "ignore" && fields[..i].iter().any(|(n, _)| n == name) {
            return Err(bad(format!("form field {name:?} is given twice")));
        }
    }
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let text = |name: &str, value: &[u8]| {
        std::str::from_utf8(value)
            .map(str::to_string)
            .map_err(|e| bad(format!("{name}: not UTF-8 text ({e})")))
    };
    let draft = field("draft")
        .cloned()
        .ok_or_else(|| bad("form field \"draft\" is required".to_string()))?;
    let format = match field("format").map(|v| text("format", v)).transpose()? {
        None => None,
        Some(f) if f.trim().is_empty() => None,
        Some(f) => Some(
            FORMATS
                .iter()
                .find(|(n, _)| *n == f.trim())
                .map(|(_, d)| *d)
                .ok_or_else(|| bad(format!("format: {f:?} is not one of tsv, xliff, tmx")))?,
        ),
    };
    let lists: Vec<&Vec<u8>> = fields
        .iter()
        .filter(|(n, _)| n == "ignore")
        .map(|(_, v)| v)
        .collect();
    let mut ignore = IgnoreList::default();
    for (n, list) in (1..).zip(&lists) {
        let name = if n == 1 {
            "ignore".to_string()
        } else {
            format!("ignore#{n}")
        };
        ignore.add(&name, &text(&name, list)?)?;
    }
    let baseline = field("baseline")
        .map(|b| Ok::<_, ApiError>(Baseline::parse("baseline", &text("baseline", b)?)?))
        .transpose()?;
    Ok(FormCheck {
        draft,
        format,
        suppression: Suppression { ignore, baseline },
    })
}

/// `name=value&...` as bytes: `+` is a space, `%XX` a byte. A `%` not followed by two hex
/// digits is an error rather than kept as it is, so a body encoded some other way is refused
/// instead of read as something else.
fn decode(body: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let mut fields = Vec::new();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let name = String::from_utf8(unescape(name)?)
            .map_err(|_| bad("a form field's name is not UTF-8".to_string()))?;
        let value = unescape(value)?;
        fields.push((name, value));
    }
    Ok(fields)
}

fn unescape(s: &[u8]) -> Result<Vec<u8>, ApiError> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let byte = s
                    .get(i + 1)
                    .and_then(|&h| hex(h))
                    .zip(s.get(i + 2).and_then(|&l| hex(l)))
                    .map(|(h, l)| h << 4 | l)
                    .ok_or_else(|| {
                        bad(format!(
                            "the form body has a bad percent escape at byte {i} (application/x-www-form-urlencoded)"
                        ))
                    })?;
                out.push(byte);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Ok(out)
}

/// A request the form cannot be read from: a 400 saying why (as `api::bad`, which this
/// module cannot use without `api` and it importing each other).
fn bad(message: String) -> ApiError {
    ApiError::from(Error::Invalid(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_keeps_the_drafts_bytes_as_sent() {
        let f = read(b"draft=a%09%E5%A5%BD%FF+b%0A&format=tsv").unwrap();
        assert_eq!(f.draft, b"a\t\xe5\xa5\xbd\xff b\n");
        assert!(matches!(f.format, Some(DraftFormat::Tsv)));
        assert!(f.suppression.baseline.is_none());
    }

    #[test]
    fn a_second_ignore_list_is_named_apart_and_other_fields_may_not_repeat() {
        let err = read(b"draft=x&ignore=term-kept%09WHO&ignore=nope%09WHO")
            .err()
            .unwrap()
            .message;
        assert!(err.starts_with("ignore#2:1:"), "{err}");
        assert!(read(b"draft=x&draft=y").is_err());
        assert!(read(b"draft=x&baseline=1&baseline=2").is_err());
        assert!(read(b"draft=x&disable=term-kept").is_err());
        assert!(read(b"format=tsv").is_err());
    }

    #[test]
    fn a_bad_percent_escape_is_refused() {
        assert!(read(b"draft=100%").is_err());
        assert!(read(b"draft=%G1").is_err());
        assert!(read(b"draft=%4").is_err());
    }
}
