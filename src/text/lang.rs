//! BCP 47 language tags: canonical case, `_` accepted for `-`, and the prefix matching of
//! RFC 4647 "basic filtering", so that `zh` selects `zh-CN` and `zh-Hans`, and `en` selects
//! `en-US`.

use std::fmt;

use serde::{Serialize, Serializer};

use super::chars::quoted;
use crate::error::{Error, Result};

/// A canonicalised BCP 47 tag: language lower case, script title case, region upper case,
/// everything else lower case (`zh_cn` → `zh-CN`, `EN-us` → `en-US`, `zh-hans` → `zh-Hans`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LangTag(String);

impl LangTag {
    pub fn parse(raw: &str) -> Result<LangTag> {
        let bad =
            |why: &str| Error::Invalid(format!("invalid language tag {}: {why}", quoted(raw)));
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(bad("empty"));
        }
        let mut out = String::with_capacity(raw.len());
        for (i, sub) in raw.split(['-', '_']).enumerate() {
            if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad("each part must be 1 to 8 letters or digits"));
            }
            if i == 0 {
                let ok = sub.chars().all(|c| c.is_ascii_alphabetic())
                    && (matches!(sub.len(), 2 | 3 | 5..=8)
                        || sub.eq_ignore_ascii_case("x")
                        || sub.eq_ignore_ascii_case("i"));
                if !ok {
                    return Err(bad("the language must be 2 or 3 letters"));
                }
                out.push_str(&sub.to_ascii_lowercase());
                continue;
            }
            out.push('-');
            if sub.len() == 4 && sub.chars().all(|c| c.is_ascii_alphabetic()) {
                let mut cs = sub.chars();
                out.extend(cs.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(&cs.as_str().to_ascii_lowercase());
            } else if (sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()))
                || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit()))
            {
                out.push_str(&sub.to_ascii_uppercase());
            } else {
                out.push_str(&sub.to_ascii_lowercase());
            }
        }
        Ok(LangTag(out))
    }

    /// Recognises the language names that spreadsheet headers use instead of tags
    /// ("English", "Chinese (Simplified)", "中文"), then falls back to parsing a tag.
    pub fn from_header(cell: &str) -> Option<LangTag> {
        let name = cell.trim().to_lowercase();
        let tag = match name.as_str() {
            "english" | "英文" | "英语" => "en",
            "chinese"
            | "中文"
            | "汉语"
            | "chinese (simplified)"
            | "simplified chinese"
            | "简体中文" => {
                if name.contains("simpl") || name == "简体中文" {
                    "zh-Hans"
                } else {
                    "zh"
                }
            }
            "chinese (traditional)" | "traditional chinese" | "繁體中文" => "zh-Hant",
            "french" => "fr",
            "german" => "de",
            "spanish" => "es",
            "japanese" | "日本語" => "ja",
            "korean" => "ko",
            "russian" => "ru",
            "portuguese" => "pt",
            "italian" => "it",
            "arabic" => "ar",
            _ => {
                return LangTag::parse(cell)
                    .ok()
                    .filter(|t| t.primary().len() <= 3 && known_primary(t.primary()));
            }
        };
        Some(LangTag(tag.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language subtag alone: `zh` for `zh-Hant-TW`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// RFC 4647 basic filtering: does the range `self` select `tag`? `zh` selects `zh-CN`,
    /// `zh-CN` selects `zh-CN` but not `zh`, `*` selects everything.
    pub fn selects(&self, tag: &LangTag) -> bool {
        self.0 == "*"
            || tag.0.eq_ignore_ascii_case(&self.0)
            || (tag.0.len() > self.0.len()
                && tag.0[..self.0.len()].eq_ignore_ascii_case(&self.0)
                && tag.0.as_bytes()[self.0.len()] == b'-')
    }

    /// Same language, whatever the script or region: `zh-CN` and `zh-Hant` are kin.
    pub fn same_language(&self, other: &LangTag) -> bool {
        self.primary() == other.primary()
    }

    /// Languages written without spaces between words, where every Han or kana character is
    /// a token and terms are found by substring, not by word boundaries.
    pub fn is_unspaced(&self) -> bool {
        matches!(
            self.primary(),
            "zh" | "ja" | "yue" | "wuu" | "lzh" | "th" | "lo" | "km" | "my"
        )
    }

    /// The wildcard range that selects every language.
    pub fn any() -> LangTag {
        LangTag("*".to_string())
    }
}

/// ISO 639-1 codes, so that a header cell such as "id" or "note" is not mistaken for a
/// language. Only the two-letter set: three-letter codes are accepted when given as options.
fn known_primary(p: &str) -> bool {
    const ISO639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";
    p.len() == 2 && ISO639_1.split(' ').any(|c| c == p)
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for LangTag {
    type Err = Error;
    /// What a person types (`--from`, `--langs`, a server's query): stricter than
    /// [`LangTag::parse`], which also reads other tools' files. BCP 47 leaves room for primary
    /// subtags of 5 to 8 letters, but none is registered, so `english` is a language name
    /// typed where a tag belongs: it would select nothing and every check on it would pass
    /// silently.
    fn from_str(s: &str) -> Result<Self> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        if primary.len() >= 5 && primary.chars().all(|c| c.is_ascii_alphabetic()) {
            let hint = LangTag::from_header(s)
                .map(|t| format!("; did you mean {t}?"))
                .unwrap_or_else(|| "; use a BCP 47 tag such as en, zh-CN, fr".into());
            return Err(Error::Invalid(format!(
                "{} is not a language tag{hint}",
                quoted(s)
            )));
        }
        LangTag::parse(s)
    }
}

impl Serialize for LangTag {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> String {
        LangTag::parse(s).unwrap().to_string()
    }

    #[test]
    fn a_language_name_typed_as_a_tag_is_refused_with_the_tag() {
        let e = "english".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("did you mean en?"), "{e}");
        let e = "klingonese".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("BCP 47"), "{e}");
        assert_eq!("zh_cn".parse::<LangTag>().unwrap().as_str(), "zh-CN");
        assert_eq!("yue".parse::<LangTag>().unwrap().as_str(), "yue");
    }

    #[test]
    fn canonical_case_and_separator() {
        assert_eq!(tag("zh_CN"), "zh-CN");
        assert_eq!(tag("EN-us"), "en-US");
        assert_eq!(tag("zh-hans"), "zh-Hans");
        assert_eq!(tag("ZH-HANT-tw"), "zh-Hant-TW");
        assert_eq!(tag("es-419"), "es-419");
        assert_eq!(tag("x-klingon"), "x-klingon");
    }

    #[test]
    fn rejects_what_is_not_a_tag() {
        for bad in [
            "",
            "e",
            "english language",
            "zh--CN",
            "123",
            "zh-toolongsubtag",
            "中文",
        ] {
            assert!(LangTag::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn basic_filtering() {
        let zh = LangTag::parse("zh").unwrap();
        assert!(zh.selects(&LangTag::parse("zh-CN").unwrap()));
        assert!(zh.selects(&LangTag::parse("zh-Hans").unwrap()));
        assert!(zh.selects(&LangTag::parse("zh").unwrap()));
        assert!(!zh.selects(&LangTag::parse("zza").unwrap()));
        let en = LangTag::parse("en").unwrap();
        assert!(en.selects(&LangTag::parse("en-US").unwrap()));
        let zh_cn = LangTag::parse("zh-CN").unwrap();
        assert!(!zh_cn.selects(&zh));
        assert!(LangTag::any().selects(&zh));
    }

    #[test]
    fn header_names() {
        assert_eq!(LangTag::from_header("English").unwrap().as_str(), "en");
        assert_eq!(LangTag::from_header("zh_CN").unwrap().as_str(), "zh-CN");
        assert_eq!(
            LangTag::from_header("Chinese (Simplified)")
                .unwrap()
                .as_str(),
            "zh-Hans"
        );
        assert!(LangTag::from_header("note").is_none());
        assert!(
            LangTag::from_header("id").is_some(),
            "Indonesian is a language"
        );
        assert!(LangTag::from_header("comment").is_none());
        assert!(LangTag::from_header("definition").is_none());
    }
}
