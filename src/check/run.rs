//! The front door of the checker: a document and the store in, findings and their summary
//! out; what the CLI, a server or a script calls.

use serde::Serialize;

use super::group::{Group, group};
use super::input::Document;
use super::{CheckOptions, Finding, Glossary, Severity, Summary, check, summarize};
use crate::error::Result;
use crate::store::Store;

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
