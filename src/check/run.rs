//! The front door of the checker: a document and the store in, findings and their summary
//! out; what the CLI, a server or a script calls.

use serde::Serialize;

use super::group::{Group, group};
use super::input::Document;
use super::{CheckId, CheckOptions, Finding, Glossary, Severity, Summary, check, summarize};
use crate::error::{Error, Result};
use crate::glossary::index::languages;
use crate::store::Store;
use crate::text::LangTag;

/// The checks that read the glossary.
const TERM_CHECKS: [CheckId; 5] = [
    CheckId::TermMissing,
    CheckId::TermKept,
    CheckId::TermDeprecated,
    CheckId::TermConvention,
    CheckId::Inconsistent,
];

/// Refuses a draft whose languages the glossary has no term in while a term check is on: a
/// French draft checked against an English-Chinese glossary came out "0 errors" (exit 0) with
/// no term looked at. Scripts differ freely (a zh-TW draft is read against zh-CN terms, folded
/// a character at a time), languages may not.
fn require_languages(store: &Store, doc: &Document, opts: &CheckOptions) -> Result<()> {
    if TERM_CHECKS.iter().all(|c| opts.disabled.contains(c)) {
        return Ok(());
    }
    let have: Vec<LangTag> = languages(store.conn())?
        .iter()
        .filter_map(|l| LangTag::parse(l).ok())
        .collect();
    for lang in doc.source_lang.iter().chain([&doc.target_lang]) {
        if have.iter().any(|h| h.primary() == lang.primary()) {
            continue;
        }
        let has = match have.as_slice() {
            [] => "the glossary is empty".to_string(),
            _ => format!(
                "it has {}",
                have.iter()
                    .map(LangTag::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(Error::Invalid(format!(
            "{}: the glossary has no {} terms ({has}), so no term can be checked; import a \
             glossary in that language, or pass --disable {} to run only the other checks",
            doc.name,
            lang.primary(),
            TERM_CHECKS.map(CheckId::as_str).join(",")
        )));
    }
    Ok(())
}

/// Every finding not suppressed, in document order, their groups, and the counts.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    pub groups: Vec<Group>,
    pub summary: Summary,
}

impl CheckReport {
    /// Whether any finding is at or above `threshold`: what makes a check fail (exit 1).
    pub fn fails_at(&self, threshold: Option<Severity>) -> bool {
        threshold.is_some_and(|t| self.findings.iter().any(|f| f.severity >= t))
    }
}

/// Checks a document against the store's glossary.
pub fn run(store: &Store, doc: &Document, opts: &CheckOptions) -> Result<CheckReport> {
    require_languages(store, doc, opts)?;
    let glossary = Glossary::from_store(store.conn(), doc.source_lang.as_ref(), &doc.target_lang)?;
    let findings = check(doc, &glossary, opts);
    let (findings, suppressed) = opts.suppression.apply(doc, findings);
    let mut summary = summarize(doc.segments.len(), &findings);
    summary.suppressed = suppressed;
    Ok(CheckReport {
        groups: group(&findings),
        findings,
        summary,
    })
}
