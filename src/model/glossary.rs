//! The glossary model, after TBX-Basic: a concept holds terms in several languages; each term
//! has an administrative status, a type and the notes a terminologist keeps.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::Error;
use crate::text::LangTag;
use crate::text::chars::quoted;

/// Administrative status. "Forbidden" is not a TBX-Basic value but vendors carry it; it is
/// exported to TBX as deprecated with a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Preferred,
    Admitted,
    Deprecated,
    Superseded,
    Forbidden,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Preferred,
        Status::Admitted,
        Status::Deprecated,
        Status::Superseded,
        Status::Forbidden,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
            Status::Forbidden => "forbidden",
        }
    }

    /// May this term be used in a translation?
    pub fn is_approved(self) -> bool {
        matches!(self, Status::Preferred | Status::Admitted)
    }

    /// Reads only the five names this model documents, as a user types them on a command
    /// line: a vendor's word there ("approved") is more likely a mistake than an import.
    pub fn parse_documented(raw: &str) -> Result<Status, Error> {
        let s = raw.trim();
        Status::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown status {}: use one of {}",
                    quoted(raw),
                    Status::ALL.map(Status::as_str).join(", ")
                ))
            })
    }

    /// Reads the values found in the wild: TBX-Basic's `preferredTerm-admn-sts`, the TBX
    /// `normativeAuthorization` picklist, and the words vendors and spreadsheets use.
    pub fn parse_lenient(raw: &str) -> Option<Status> {
        let s = raw.trim().to_ascii_lowercase();
        let s = s.strip_suffix("-admn-sts").unwrap_or(&s);
        Some(match s {
            "preferred" | "preferredterm" | "preferred term" | "standardizedterm"
            | "standardized" | "approved" | "1" => Status::Preferred,
            "admitted" | "admittedterm" | "admitted term" | "permitted" | "permittedterm"
            | "allowed" | "2" => Status::Admitted,
            "deprecated"
            | "deprecatedterm"
            | "deprecated term"
            | "notrecommended"
            | "not recommended"
            | "legalterm-deprecated"
            | "3" => Status::Deprecated,
            "superseded" | "supersededterm" | "superseded term" | "obsolete" | "obsoleteterm"
            | "4" => Status::Superseded,
            "forbidden" | "forbiddenterm" | "forbidden term" | "prohibited" | "rejected"
            | "do not use" | "blacklisted" => Status::Forbidden,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Status::parse_lenient(s).ok_or_else(|| {
            Error::Invalid(format!("unknown status {} (expected preferred, admitted, deprecated, superseded or forbidden)", quoted(s)))
        })
    }
}

/// TBX-Basic term types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TermType {
    FullForm,
    Acronym,
    Abbreviation,
    ShortForm,
    Variant,
    Phrase,
}

impl TermType {
    pub fn as_str(self) -> &'static str {
        match self {
            TermType::FullForm => "fullForm",
            TermType::Acronym => "acronym",
            TermType::Abbreviation => "abbreviation",
            TermType::ShortForm => "shortForm",
            TermType::Variant => "variant",
            TermType::Phrase => "phrase",
        }
    }

    pub fn parse_lenient(raw: &str) -> Option<TermType> {
        let s: String = raw
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match s.as_str() {
            "fullform" | "full" | "mainentryterm" | "entryterm" => TermType::FullForm,
            "acronym" => TermType::Acronym,
            "abbreviation" | "abbr" | "abbrev" => TermType::Abbreviation,
            "shortform" | "short" | "shortcut" => TermType::ShortForm,
            "variant" | "synonym" | "commonname" | "orthographicalvariant" | "spellingvariant" => {
                TermType::Variant
            }
            "phrase" | "phraseologicalunit" | "setphrase" | "collocation" => TermType::Phrase,
            _ => return None,
        })
    }
}

impl fmt::Display for TermType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TermType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        TermType::parse_lenient(s).ok_or_else(|| {
            Error::Invalid(format!("unknown term type {} (expected fullForm, acronym, abbreviation, shortForm, variant or phrase)", quoted(s)))
        })
    }
}

/// One term of a concept, its text exactly as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub lang: LangTag,
    pub text: String,
    pub status: Status,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub term_type: Option<TermType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Acronyms such as "US" must not match "us".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub case_sensitive: bool,
}

impl Term {
    /// A preferred term with nothing else set.
    pub fn new(lang: LangTag, text: impl Into<String>) -> Term {
        Term {
            lang,
            text: text.into(),
            status: Status::Preferred,
            term_type: None,
            pos: None,
            context: None,
            source: None,
            note: None,
            case_sensitive: false,
        }
    }

    pub fn with_status(mut self, status: Status) -> Term {
        self.status = status;
        self
    }
}

/// A concept as read from a file or built on the command line, before it has a database id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Concept {
    /// The id the source file gave it (TBX `id`, a CSV id column), kept for export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub terms: Vec<Term>,
    /// Where the concept starts in its file (1-based line), for messages; 0 if unknown.
    #[serde(skip)]
    pub line: u64,
}

/// How a user names a concept: its database number, or the text id its file gave it
/// (`mayor`). A number is always the database id, even where a file used numbers as ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConceptRef {
    Id(i64),
    Text(String),
}

impl FromStr for ConceptRef {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        if s.is_empty() {
            return Err(Error::Invalid(
                "name a concept by its number or its text id (e.g. mayor)".into(),
            ));
        }
        Ok(s.parse()
            .map_or_else(|_| ConceptRef::Text(s.to_string()), ConceptRef::Id))
    }
}

impl fmt::Display for ConceptRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConceptRef::Id(id) => write!(f, "{id}"),
            ConceptRef::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// A concept as stored: its database id and where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct StoredConcept {
    pub id: i64,
    #[serde(flatten)]
    pub concept: Concept,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<String>,
}

impl Concept {
    /// Checks what every format must satisfy before a concept is stored.
    pub fn validate(&self, origin: &str) -> Result<(), Error> {
        if self.terms.is_empty() {
            return Err(Error::input(origin, self.line, "concept has no terms"));
        }
        for t in &self.terms {
            if t.text.trim().is_empty() {
                return Err(Error::input(
                    origin,
                    self.line,
                    format!("empty {} term", t.lang),
                ));
            }
        }
        Ok(())
    }

    /// The term that names the concept in a language: its first preferred term, else its
    /// first approved one, else its first term.
    pub fn head(&self, lang: &LangTag) -> Option<&Term> {
        let in_lang = || self.terms.iter().filter(move |t| &t.lang == lang);
        in_lang()
            .find(|t| t.status == Status::Preferred)
            .or_else(|| in_lang().find(|t| t.status.is_approved()))
            .or_else(|| in_lang().next())
    }

    /// The languages of the concept's terms, in first-seen order.
    pub fn languages(&self) -> Vec<&LangTag> {
        let mut langs: Vec<&LangTag> = Vec::new();
        for t in &self.terms {
            if !langs.contains(&&t.lang) {
                langs.push(&t.lang);
            }
        }
        langs
    }

    /// The texts of the terms a language range selects (RFC 4647 basic filtering, so `zh`
    /// selects `zh-Hans` and `*` every term), in the concept's order.
    pub fn texts(&self, range: &LangTag) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| range.selects(&t.lang))
            .map(|t| t.text.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_values_from_the_wild() {
        assert_eq!(
            Status::parse_lenient("preferredTerm-admn-sts"),
            Some(Status::Preferred)
        );
        assert_eq!(
            Status::parse_lenient("admittedTerm-admn-sts"),
            Some(Status::Admitted)
        );
        assert_eq!(
            Status::parse_lenient("deprecatedTerm-admn-sts"),
            Some(Status::Deprecated)
        );
        assert_eq!(
            Status::parse_lenient("supersededTerm-admn-sts"),
            Some(Status::Superseded)
        );
        assert_eq!(
            Status::parse_lenient("standardizedTerm"),
            Some(Status::Preferred)
        );
        assert_eq!(Status::parse_lenient("Forbidden"), Some(Status::Forbidden));
        assert_eq!(Status::parse_lenient("maybe"), None);
    }

    #[test]
    fn a_command_line_status_is_one_of_the_documented_five() {
        assert_eq!(
            Status::parse_documented("Deprecated").unwrap(),
            Status::Deprecated
        );
        let e = Status::parse_documented("approved")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("preferred, admitted, deprecated, superseded, forbidden"),
            "{e}"
        );
    }

    #[test]
    fn head_prefers_preferred() {
        let en = LangTag::parse("en").unwrap();
        let c = Concept {
            terms: vec![
                Term::new(en.clone(), "MOU").with_status(Status::Admitted),
                Term::new(en.clone(), "memorandum of understanding"),
            ],
            ..Concept::default()
        };
        assert_eq!(c.head(&en).unwrap().text, "memorandum of understanding");
    }

    #[test]
    fn texts_in_a_language_range_keep_the_concept_order() {
        let tag = |s| LangTag::parse(s).unwrap();
        let c = Concept {
            terms: vec![
                Term::new(tag("zh-Hans"), "市长"),
                Term::new(tag("en"), "mayor"),
                Term::new(tag("zh-Hant"), "市長"),
                Term::new(tag("en-GB"), "Lord Mayor"),
            ],
            ..Concept::default()
        };
        assert_eq!(c.texts(&tag("en")), ["mayor", "Lord Mayor"]);
        assert_eq!(c.texts(&tag("zh-Hant")), ["市長"]);
        assert_eq!(c.texts(&tag("fr")), Vec::<&str>::new());
        assert_eq!(
            c.texts(&LangTag::any()),
            ["市长", "mayor", "市長", "Lord Mayor"]
        );
    }
}
