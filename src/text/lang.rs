//! The language model every command shares: BCP 47 tags, canonicalised with CLDR's aliases
//! (`iw` → `he`, `cmn` → `zh`, `zh-yue` → `yue`), and matched by language and script, never
//! by region.
//!
//! - A tag's script is the one it names, else the one its region implies (CLDR likely
//!   subtags: `zh-CN` and `zh-SG` are Simplified, `zh-TW` and `zh-HK` Traditional), else
//!   unknown: `zh` alone is either.
//! - A range selects a tag of the same language whose script does not differ, so `zh-Hans`
//!   selects `zh-CN` and `zh`, `zh` selects every Chinese tag, `en` selects `en-US`, and
//!   `en-US` selects `en` and `en-GB`: a region never hides a language. `zh-TW` does not
//!   select `zh-CN` (the scripts differ); Traditional/Simplified folding of the text is a
//!   separate matter, done in the match keys.
//! - A language name (`English`, `Chinese (Simplified)`, `简体中文`) is not a tag. Files may
//!   carry one where a tag belongs: readers map it through [`NamedLangs`], which remembers it
//!   for the import summary. Typed on the command line it is an error that suggests the tag.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Mutex;

use icu_locale::subtags::Script;
use icu_locale::{LanguageIdentifier, Locale, LocaleCanonicalizer, LocaleExpander};
use serde::{Serialize, Serializer};

use super::chars::quoted;
use crate::error::{Error, Result};

/// A canonical BCP 47 tag (language lower case, script title case, region upper case, CLDR
/// aliases replaced) and the script it is written in, where the tag tells.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LangTag {
    tag: String,
    script: Option<Script>,
}

thread_local! {
    /// Tags read back from the database or a file repeat endlessly; canonicalising each
    /// again would cost more than the rest of reading a row.
    static PARSED: RefCell<HashMap<String, LangTag>> = RefCell::new(HashMap::new());
}

/// [`LangTag::is_chinese`] for a bare primary subtag, as the glossary's per-language groups
/// keep it.
pub fn is_chinese_primary(primary: &str) -> bool {
    matches!(primary, "zh" | "yue" | "wuu" | "lzh")
}

impl LangTag {
    /// Reads a tag as files and the database carry it: case and `_` for `-` are forgiven,
    /// aliases replaced. A language name (`Chinese`) is refused here; see [`NamedLangs`].
    pub fn parse(raw: &str) -> Result<LangTag> {
        let raw = raw.trim();
        if let Some(hit) = PARSED.with(|m| m.borrow().get(raw).cloned()) {
            return Ok(hit);
        }
        let tag = Self::parse_uncached(raw)?;
        PARSED.with(|m| {
            let mut m = m.borrow_mut();
            // A file with a new tag on every line must not grow this without end.
            if m.len() >= 1024 {
                m.clear();
            }
            m.insert(raw.to_string(), tag.clone());
        });
        Ok(tag)
    }

    fn parse_uncached(raw: &str) -> Result<LangTag> {
        let bad =
            |why: &str| Error::Invalid(format!("invalid language tag {}: {why}", quoted(raw)));
        if raw.is_empty() {
            return Err(bad("empty"));
        }
        let mut subtags: Vec<String> = Vec::new();
        for (i, sub) in raw.split(['-', '_']).enumerate() {
            if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad("each part must be 1 to 8 letters or digits"));
            }
            if i == 0 {
                let private = sub.eq_ignore_ascii_case("x") || sub.eq_ignore_ascii_case("i");
                if !(private || matches!(sub.len(), 2 | 3))
                    || !sub.chars().all(|c| c.is_ascii_alphabetic())
                {
                    return Err(match LangTag::from_name(raw) {
                        Some(t) => bad(&format!("that is a language name; the tag is {t}")),
                        None => bad("the language must be 2 or 3 letters"),
                    });
                }
            }
            subtags.push(cased(i, sub));
        }
        // An extended language subtag names the language itself (RFC 5646 §4.5): `zh-yue`
        // is `yue`, `zh-cmn-Hans` is `cmn-Hans`, which CLDR then makes `zh-Hans`.
        if subtags.len() > 1
            && subtags[0].len() <= 3
            && subtags[1].len() == 3
            && subtags[1].chars().all(|c| c.is_ascii_alphabetic())
        {
            // Read as a language only when registered as one: `zh-CNN` is a mistyped region,
            // and taking it for a language `cnn` would answer for a language nobody asked for.
            if !registered_extlang(&subtags[0], &subtags[1]) {
                return Err(bad(&format!(
                    "{} is neither a region (two letters or three digits) nor a language \
                     registered under {}",
                    quoted(raw.split(['-', '_']).nth(1).unwrap_or_default()),
                    quoted(&subtags[0])
                )));
            }
            subtags.remove(0);
        }
        let cased = subtags.join("-");
        // Private-use and grandfathered tags (`x-klingon`, `i-navajo`) are kept as written.
        let Ok(mut locale) = cased.parse::<Locale>() else {
            return Ok(LangTag {
                tag: cased,
                script: None,
            });
        };
        // Built from data compiled into the binary: cheap, and parsing is cached above.
        LocaleCanonicalizer::new_common().canonicalize(&mut locale);
        let script = script_of(&locale.id);
        Ok(LangTag {
            tag: locale.to_string(),
            script,
        })
    }

    /// The tag for a language name as spreadsheets, TMX files and people write it in place
    /// of a tag: English or native names, with or without the script or country.
    pub fn from_name(name: &str) -> Option<LangTag> {
        let key: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let tag = match key.as_str() {
            "english" | "英文" | "英语" | "英語" => "en",
            "englishus" | "englishunitedstates" | "englishusa" | "americanenglish" => "en-US",
            "englishuk" | "englishunitedkingdom" | "englishgb" | "britishenglish" => "en-GB",
            "chinese" | "中文" | "汉语" | "漢語" | "华语" | "華語" | "mandarin" => "zh",
            "chinesesimplified" | "simplifiedchinese" | "chinesesimp" | "简体中文" | "中文简体"
            | "简体" | "簡體中文" => "zh-Hans",
            "chinesetraditional" | "traditionalchinese" | "chinesetrad" | "繁體中文"
            | "中文繁體" | "繁体中文" | "繁體" => "zh-Hant",
            "chinesechina" | "chineseprc" | "chinesemainland" => "zh-CN",
            "chinesetaiwan" => "zh-TW",
            "chinesehongkong" => "zh-HK",
            "chinesesingapore" => "zh-SG",
            "cantonese" | "粤语" | "粵語" => "yue",
            "french" | "français" | "francais" | "法语" => "fr",
            "german" | "deutsch" | "德语" => "de",
            "spanish" | "español" | "espanol" | "西班牙语" => "es",
            "japanese" | "日本語" | "日语" => "ja",
            "korean" | "한국어" | "韩语" => "ko",
            "russian" | "русский" | "俄语" => "ru",
            "portuguese" | "português" | "portugues" => "pt",
            "italian" | "italiano" => "it",
            "arabic" | "العربية" | "阿拉伯语" => "ar",
            "dutch" | "nederlands" => "nl",
            "vietnamese" | "tiếngviệt" => "vi",
            "thai" => "th",
            "indonesian" => "id",
            "turkish" => "tr",
            "polish" => "pl",
            "ukrainian" => "uk",
            "hindi" => "hi",
            _ => return None,
        };
        LangTag::parse(tag).ok()
    }

    /// Recognises a spreadsheet header cell: a language name, or a tag whose language is an
    /// ISO 639-1 code, so that a column headed "id" or "note" is not taken for a language.
    pub fn from_header(cell: &str) -> Option<LangTag> {
        LangTag::from_name(cell).or_else(|| {
            LangTag::parse(cell)
                .ok()
                .filter(|t| t.primary().len() <= 3 && known_primary(t.primary()))
        })
    }

    /// The canonical form of a tag an older concord stored, where it differs: `iw` became
    /// `he`, and a name (`chinese`, which older versions took for a tag) becomes `zh`. `None`
    /// when the stored tag is canonical, or is nothing concord can read as a language.
    pub fn recanonicalised(stored: &str) -> Option<LangTag> {
        LangTag::parse(stored)
            .ok()
            .or_else(|| LangTag::from_name(stored))
            .filter(|t| t.as_str() != stored)
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The language subtag alone: `zh` for `zh-Hant-TW`.
    pub fn primary(&self) -> &str {
        self.tag.split('-').next().unwrap_or(&self.tag)
    }

    /// The script the tag names or its region implies (`Hant` for `zh-TW`); `None` for a tag
    /// that leaves it open, such as `zh`.
    pub fn script(&self) -> Option<&str> {
        self.script.as_ref().map(|s| s.as_str())
    }

    /// Does the range `self` select `tag`? The same language, in a script that does not
    /// differ; the region never matters. `*` selects everything.
    pub fn selects(&self, tag: &LangTag) -> bool {
        if self.is_any() || tag.is_any() {
            return true;
        }
        self.primary() == tag.primary()
            && match (self.script, tag.script) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// How closely a tag the range selects fits it, to put the closest first: 2 for the tag
    /// itself, 1 for the same script and region as far as both say, 0 for the rest.
    pub fn closeness(&self, tag: &LangTag) -> u8 {
        if self.tag == tag.tag {
            2
        } else if self.script == tag.script && self.region() == tag.region() {
            1
        } else {
            0
        }
    }

    fn region(&self) -> Option<&str> {
        self.tag.split('-').skip(1).find(|s| {
            (s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()))
                || (s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
        })
    }

    /// Same language, whatever the script or region: `zh-CN` and `zh-Hant` are kin.
    pub fn same_language(&self, other: &LangTag) -> bool {
        self.primary() == other.primary()
    }

    /// Chinese in any of its written forms: the languages whose text is in Han characters
    /// with no kana beside them.
    pub fn is_chinese(&self) -> bool {
        is_chinese_primary(self.primary())
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
        LangTag {
            tag: "*".to_string(),
            script: None,
        }
    }

    fn is_any(&self) -> bool {
        self.tag == "*"
    }
}

/// Title case for a script, upper case for a region, lower case for the rest.
fn cased(position: usize, sub: &str) -> String {
    let alpha = sub.chars().all(|c| c.is_ascii_alphabetic());
    if position > 0 && sub.len() == 4 && alpha {
        let mut out = sub[..1].to_ascii_uppercase();
        out.push_str(&sub[1..].to_ascii_lowercase());
        out
    } else if position > 0
        && ((sub.len() == 2 && alpha)
            || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit())))
    {
        sub.to_ascii_uppercase()
    } else {
        sub.to_ascii_lowercase()
    }
}

/// The script a tag names, else the one CLDR's likely subtags give for its language in its
/// region. A tag without a region leaves the script open: CLDR would call `zh` Simplified,
/// but a glossary's `zh` column is written in whichever script its author used.
fn script_of(id: &LanguageIdentifier) -> Option<Script> {
    if id.script.is_some() || id.region.is_none() {
        return id.script;
    }
    let mut full = id.clone();
    LocaleExpander::new_common().maximize(&mut full);
    full.script
}

/// The extended language subtags of the IANA Language Subtag Registry (File-Date
/// 2025-08-25, via the CC0 `language-subtag-registry` package), by the prefix each requires.
/// Only these make a three-letter second subtag a language: `zh-yue` is Cantonese, while
/// `zh-USA` or `en-USA` is a region mistyped.
const EXTLANGS: &[(&str, &str)] = &[
    (
        "ar",
        "aao abh abv acm acq acw acx acy adf aeb aec afb ajp apc apd arb arq ars \
         ary arz auz avl ayh ayl ayn ayp bbz pga shu ssh",
    ),
    ("kok", "gom knn"),
    ("lv", "ltg lvs"),
    (
        "ms",
        "bjn btj bve bvu coa dup hji jak jax kvb kvr kxd lce lcf liw max meo mfa \
         mfb min mqg msi mui orn ors pel pse tmw urk vkk vkt xmm zlm zmi zsm",
    ),
    (
        "sgn",
        "ads aed aen afg ajs ase asf asp asq asw bfi bfk bog bqn bqy bvl bzs cds \
         csc csd cse csf csg csl csn csq csr csx doq dse dsl dsz ecs ehs esl esn \
         eso eth fcs fse fsl fss gds gse gsg gsm gss gus hab haf hds hks hos hps \
         hsh hsl icl iks ils inl ins ise isg isr jcs jhs jks jls jos jsl jus kgi \
         kvk lbs lgs lls lsb lsc lsg lsl lsn lso lsp lst lsv lsw lsy lws mdl mfs \
         mre msd msr mzc mzg mzy nbs ncs nsi nsl nsp nsr nzs okl pgz pks prl prz \
         psc psd psg psl pso psp psr pys rib rms rnb rsi rsl rsm rsn sdl sfb sfs \
         sgg sgx slf sls sqk sqs sqx ssp ssr svk swl syy szs tse tsm tsq tss tsy \
         tza ugn ugy ukl uks vgt vsi vsl vsv wbs xki xml xms yds ygs yhs ysl ysm \
         zib zsl",
    ),
    ("sw", "swc swh"),
    ("uz", "uzn uzs"),
    (
        "zh",
        "cdo cjy cmn cnp cpx csp czh czo gan hak hnm hsn luh lzh mnp nan sjc wuu \
         yue",
    ),
];

fn registered_extlang(prefix: &str, sub: &str) -> bool {
    EXTLANGS
        .iter()
        .any(|(p, subs)| *p == prefix && subs.split(' ').any(|s| s == sub))
}

/// ISO 639-1 codes, so that a header cell such as "id" or "note" is not mistaken for a
/// language. Only the two-letter set: three-letter codes are accepted when given as options.
fn known_primary(p: &str) -> bool {
    const ISO639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu fil yue";
    ISO639_1.split(' ').any(|c| c == p)
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

impl std::str::FromStr for LangTag {
    type Err = Error;
    /// What a person types (`--from`, `--langs`, a server's query): a tag, never a name. A
    /// name would select nothing, and every check on it would pass silently.
    fn from_str(s: &str) -> Result<Self> {
        LangTag::parse(s).map_err(|e| match LangTag::from_name(s) {
            Some(t) => Error::Invalid(format!(
                "{} is not a language tag; did you mean {t}?",
                quoted(s)
            )),
            // A tag with a wrong part (`zh-CNN`) keeps the reason that names the part.
            None if !s.is_ascii() || (s.trim().len() > 3 && !s.contains(['-', '_'])) => {
                Error::Invalid(format!(
                    "{} is not a language tag; use a BCP 47 tag such as en, zh-CN, fr",
                    quoted(s)
                ))
            }
            None => e,
        })
    }
}

impl Serialize for LangTag {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.tag)
    }
}

/// The language names a file carried in place of tags, and the tags they were read as, for
/// the import summary: readers resolve every language through one of these.
#[derive(Debug, Default)]
pub struct NamedLangs(Mutex<BTreeMap<String, LangTag>>);

/// A language name read as a tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedLang {
    pub name: String,
    pub tag: LangTag,
}

impl NamedLangs {
    /// A tag as a file gives it, or a language name, which is remembered.
    pub fn read(&self, raw: &str) -> Result<LangTag> {
        LangTag::parse(raw).or_else(|e| match LangTag::from_name(raw) {
            Some(tag) => Ok(self.remember(raw, tag)),
            None => Err(e),
        })
    }

    /// Remembers the names among the cells of a row that was found to be a header (see
    /// [`LangTag::from_header`]).
    pub fn header<'c>(&self, cells: impl IntoIterator<Item = &'c String>) {
        for cell in cells {
            if let Some(tag) = LangTag::from_name(cell) {
                self.remember(cell, tag);
            }
        }
    }

    fn remember(&self, name: &str, tag: LangTag) -> LangTag {
        let mut names = self.0.lock().unwrap_or_else(|p| p.into_inner());
        names.insert(name.trim().to_string(), tag.clone());
        tag
    }

    /// Adds what another collector saw: a reader keeps its own while it parses.
    pub fn absorb(&self, other: &NamedLangs) {
        let theirs = other.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut names = self.0.lock().unwrap_or_else(|p| p.into_inner());
        names.extend(theirs);
    }

    /// The names seen since the last call, each once.
    pub fn take(&self) -> Vec<NamedLang> {
        let mut names = self.0.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *names)
            .into_iter()
            .map(|(name, tag)| NamedLang { name, tag })
            .collect()
    }
}

impl Clone for NamedLangs {
    fn clone(&self) -> Self {
        NamedLangs(Mutex::new(
            self.0.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn a_language_name_typed_as_a_tag_is_refused_with_the_tag() {
        let e = "english".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("did you mean en?"), "{e}");
        let e = "chinese".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("did you mean zh?"), "{e}");
        let e = "klingonese".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("BCP 47"), "{e}");
        let e = "中文".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("did you mean zh?"), "{e}");
        assert_eq!("zh_cn".parse::<LangTag>().unwrap().as_str(), "zh-CN");
        assert_eq!("yue".parse::<LangTag>().unwrap().as_str(), "yue");
    }

    #[test]
    fn canonical_case_separator_and_aliases() {
        for (raw, canonical) in [
            ("zh_CN", "zh-CN"),
            ("EN-us", "en-US"),
            ("zh-hans", "zh-Hans"),
            ("ZH-HANT-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("x-klingon", "x-klingon"),
            ("iw", "he"),
            ("in-ID", "id-ID"),
            ("cmn", "zh"),
            ("cmn-Hans-CN", "zh-Hans-CN"),
            ("zh-cmn-Hans", "zh-Hans"),
            ("zh-yue", "yue"),
            ("zh-hak", "hak"),
            ("zh-nan-TW", "nan-TW"),
            ("tl", "fil"),
        ] {
            assert_eq!(tag(raw).as_str(), canonical, "{raw}");
        }
    }

    /// `--to zh-CNN` was read as the language `cnn` (an extended language subtag) and the
    /// error then spoke of "cnn segments", a language the user never typed.
    #[test]
    fn mistyped_region_is_not_taken_for_a_language() {
        let e = "zh-CNN".parse::<LangTag>().unwrap_err().to_string();
        assert!(e.contains("\"zh-CNN\""), "{e}");
        assert!(e.contains("\"CNN\" is neither a region"), "{e}");
        assert!(LangTag::parse("en-USA").is_err());
        assert!(
            LangTag::parse("zh-USA").is_err(),
            "usa is a language, but not Chinese"
        );
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
            "Chinese",
            "klingon",
        ] {
            assert!(LangTag::parse(bad).is_err(), "{bad:?} accepted");
        }
        let e = LangTag::parse("Chinese").unwrap_err().to_string();
        assert!(e.contains("the tag is zh"), "{e}");
    }

    #[test]
    fn scripts_come_from_the_tag_or_its_region() {
        for (t, script) in [
            ("zh", None),
            ("zh-CN", Some("Hans")),
            ("zh-SG", Some("Hans")),
            ("zh-Hans", Some("Hans")),
            ("zh-Hans-CN", Some("Hans")),
            ("zh-TW", Some("Hant")),
            ("zh-HK", Some("Hant")),
            ("zh-Hant", Some("Hant")),
            ("en", None),
            ("en-US", Some("Latn")),
            ("sr-ME", Some("Latn")),
        ] {
            assert_eq!(tag(t).script(), script, "{t}");
        }
    }

    #[test]
    fn simplified_tags_select_each_other_and_never_traditional() {
        let simplified = ["zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG"];
        let traditional = ["zh-TW", "zh-HK", "zh-Hant", "zh-Hant-TW"];
        for a in simplified {
            for b in simplified {
                assert!(tag(a).selects(&tag(b)), "{a} should select {b}");
            }
            for b in traditional {
                assert!(!tag(a).selects(&tag(b)), "{a} selected {b}");
                assert!(!tag(b).selects(&tag(a)), "{b} selected {a}");
            }
            assert!(tag("zh").selects(&tag(a)) && tag(a).selects(&tag("zh")));
        }
        for b in traditional {
            assert!(tag("zh").selects(&tag(b)) && tag(b).selects(&tag("zh")));
        }
    }

    #[test]
    fn a_region_never_hides_a_language() {
        for (a, b) in [
            ("en", "en-US"),
            ("en-US", "en"),
            ("en-GB", "en-US"),
            ("pt-BR", "pt"),
        ] {
            assert!(tag(a).selects(&tag(b)), "{a} should select {b}");
        }
        assert!(!tag("en").selects(&tag("fr")));
        assert!(!tag("zh").selects(&tag("zza")));
        assert!(!tag("zh").selects(&tag("yue")));
        assert!(LangTag::any().selects(&tag("zh")));
        assert_eq!(tag("en-US").closeness(&tag("en-US")), 2);
        assert_eq!(tag("en-US").closeness(&tag("en-GB")), 0);
        assert_eq!(tag("zh-Hans").closeness(&tag("zh-Hans")), 2);
    }

    #[test]
    fn header_names() {
        for (cell, t) in [
            ("English", "en"),
            ("zh_CN", "zh-CN"),
            ("Chinese (Simplified)", "zh-Hans"),
            ("Chinese - Traditional", "zh-Hant"),
            ("简体中文", "zh-Hans"),
            ("中文", "zh"),
            ("Chinese (Taiwan)", "zh-TW"),
        ] {
            assert_eq!(LangTag::from_header(cell).unwrap().as_str(), t, "{cell}");
        }
        assert!(LangTag::from_header("note").is_none());
        assert!(
            LangTag::from_header("id").is_some(),
            "Indonesian is a language"
        );
        assert!(LangTag::from_header("comment").is_none());
        assert!(LangTag::from_header("definition").is_none());
    }

    #[test]
    fn names_read_from_a_file_are_remembered_once() {
        let names = NamedLangs::default();
        assert_eq!(names.read("Chinese").unwrap().as_str(), "zh");
        assert_eq!(names.read("Chinese").unwrap().as_str(), "zh");
        assert_eq!(names.read("en-us").unwrap().as_str(), "en-US");
        assert!(names.read("Klingon").is_err());
        let seen = names.take();
        assert_eq!(seen.len(), 1);
        assert_eq!(
            (seen[0].name.as_str(), seen[0].tag.as_str()),
            ("Chinese", "zh")
        );
        assert!(names.take().is_empty());
    }
}
