//! The translation memory model: a unit holds one variant per language (TMX allows more than
//! two), each variant's text exactly as given, and the metadata tools put around it.

use serde::Serialize;

use crate::text::LangTag;

/// A `<prop type="...">value</prop>` or a CSV extra column: kept, exported back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Prop {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// Metadata that TMX allows at unit and at variant level alike.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub changed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub changed_by: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    /// Any other attribute of the `<tu>`/`<tuv>` (tuid, usagecount, creationtool…), name and
    /// value as given, so that an export can write it back.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub attrs: Vec<(String, String)>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// One language's side of a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub lang: LangTag,
    /// The text a translator reads: inline codes removed, entities decoded, white space as
    /// given.
    pub text: String,
    /// The segment as TMX inline markup (`<bpt>`, `<ph>`… serialised as XML, text escaped),
    /// when the source had inline codes; `None` when the text is all there is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markup: Option<String>,
    #[serde(skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl Variant {
    pub fn plain(lang: LangTag, text: impl Into<String>) -> Variant {
        Variant {
            lang,
            text: text.into(),
            markup: None,
            meta: Meta::default(),
        }
    }
}

/// A translation unit as read from a file, before it is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub variants: Vec<Variant>,
    /// The source language, when the file says (TMX `srclang`, XLIFF `source-language`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub srclang: Option<LangTag>,
    /// XLIFF `state`/`approved`, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    /// Where the unit starts in its file (1-based line, or record number for CSV), 0 if
    /// unknown.
    #[serde(skip)]
    pub line: u64,
}

/// A segment as a search or concordance hit shows it: its language and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub lang: LangTag,
    pub text: String,
}
