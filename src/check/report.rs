//! Writing findings: for people (`file:line:col: severity[check] message` and the segment with
//! the spot marked), for scripts (JSON), and for editors (one self-contained HTML page).

use std::collections::HashMap;
use std::io::Write;

use super::group::Group;
use super::suppress::{Suppressed, Suppression};
use super::{CheckId, CheckReport, Document, DraftSegment, Finding, Half};
use crate::text::chars::for_terminal;
use crate::text::{CONTEXT, char_offsets, counted, excerpt};

/// What the human report shows, and how.
pub struct Shown<'a> {
    /// The groups, first; `None` for none.
    pub groups: Option<&'a [Group]>,
    /// Every finding with its segment.
    pub details: bool,
    pub colour: bool,
}

/// The human report: the groups, largest first, then every finding in document order with
/// its segment, and a summary line that says what the ignore lists and the baseline left out.
pub fn human(
    out: &mut dyn Write,
    doc: &Document,
    report: &CheckReport,
    shown: &Shown,
    suppression: &Suppression,
) -> std::io::Result<()> {
    let (findings, summary) = (&report.findings, &report.summary);
    if let Some(groups) = shown.groups.filter(|g| !g.is_empty()) {
        writeln!(out, "{}:", crate::text::counted(groups.len(), "group"))?;
        for g in groups {
            writeln!(
                out,
                "  {}[{}] {}",
                g.severity.as_str(),
                g.check.as_str(),
                g.describe()
            )?;
        }
        if shown.details && !findings.is_empty() {
            writeln!(out)?;
        }
    }
    if shown.details {
        details(out, doc, findings, shown.colour)?;
    }
    let checks: Vec<String> = summary
        .by_check
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let infos = match summary.infos {
        0 => String::new(),
        n => format!(", {n} info"),
    };
    writeln!(
        out,
        "{}: {} checked, {}, {}{infos}{}{}",
        doc.name,
        counted(summary.segments as u64, "segment"),
        counted(summary.errors as u64, "error"),
        counted(summary.warnings as u64, "warning"),
        if checks.is_empty() {
            String::new()
        } else {
            format!(" ({})", checks.join(", "))
        },
        suppressed(&summary.suppressed, suppression)
    )
}

/// ", 12 suppressed (5 by draft.tsv.concord-ignore, 7 in the baseline old.json)", or nothing.
fn suppressed(counts: &Suppressed, by: &Suppression) -> String {
    let mut parts = Vec::new();
    if counts.ignored > 0 {
        parts.push(format!(
            "{} by {}",
            counts.ignored,
            by.ignore.files.join(", ")
        ));
    }
    if let (n @ 1.., Some(b)) = (counts.baseline, &by.baseline) {
        parts.push(format!("{n} in the baseline {}", b.file));
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(
            "; {} suppressed ({})",
            counts.ignored + counts.baseline,
            parts.join(", ")
        ),
    }
}

/// Every finding, `file:line:col: severity[check] message`, and its segment with the spot
/// marked.
fn details(
    out: &mut dyn Write,
    doc: &Document,
    findings: &[Finding],
    colour: bool,
) -> std::io::Result<()> {
    let by_line: HashMap<u64, &super::DraftSegment> =
        doc.segments.iter().map(|s| (s.line, s)).collect();
    // The character offsets of the text the last finding was in: findings come in document
    // order, so a long segment is indexed once for all of its findings.
    let mut indexed: Option<(u64, Half, Vec<usize>)> = None;
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.file,
            f.line,
            f.column,
            f.severity.as_str(),
            f.check.as_str(),
            f.message
        )?;
        if let Some(seg) = by_line.get(&f.line) {
            let text = match f.half {
                Half::Source => seg.source.as_deref().unwrap_or(""),
                Half::Target => seg.target.as_str(),
            };
            if !indexed
                .as_ref()
                .is_some_and(|(l, h, _)| *l == f.line && *h == f.half)
            {
                indexed = Some((f.line, f.half, char_offsets(text)));
            }
            let offsets = indexed.as_ref().map_or(&[][..], |(_, _, o)| o);
            let shown = if f.length > 0 {
                excerpt(
                    text,
                    offsets,
                    f.column - 1 - seg.offset(f.half),
                    f.length,
                    colour,
                )
            } else {
                // A finding about the whole segment: its start says which one.
                let end = offsets.get(2 * CONTEXT).copied().unwrap_or(text.len());
                let cut = if end < text.len() { "…" } else { "" };
                format!("{}{cut}", for_terminal(&text[..end]))
            };
            writeln!(out, "    {}", shown)?;
        }
    }
    Ok(())
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c => o.push(c),
        }
    }
    o
}

/// The groups as a list, each line as the human report words it, with links to the rows of
/// its first segments; empty for none.
fn html_groups(groups: &[Group], findings: &[Finding]) -> String {
    /// Links enough to start from; the rest are one filter away.
    const LINKS: usize = 20;
    if groups.is_empty() {
        return String::new();
    }
    let mut o = format!(
        "\n<h2>{}</h2>\n<ol class=\"g\">",
        crate::text::counted(groups.len(), "group")
    );
    for g in groups {
        let mut lines: Vec<u64> = g
            .findings
            .iter()
            .filter_map(|&i| findings.get(i))
            .map(|f| f.line)
            .collect();
        lines.dedup();
        let links: Vec<String> = lines
            .iter()
            .take(LINKS)
            .map(|l| format!("<a href=\"#l{l}\">{l}</a>"))
            .collect();
        let more = if lines.len() > LINKS { " …" } else { "" };
        o.push_str(&format!(
            "<li class=\"{} {}\">{}[{}] {} — lines {}{more}</li>",
            g.severity.as_str(),
            g.check.as_str(),
            g.severity.as_str(),
            g.check.as_str(),
            esc(&g.describe()),
            links.join(", ")
        ));
    }
    o.push_str("</ol>");
    o
}

/// A segment's source and target as HTML, escaped, with the spans of its findings (those on
/// its line) wrapped in `<mark>`: as this report and the server's check page show them.
pub fn marked_segment(seg: &DraftSegment, findings: &[&Finding]) -> (String, String) {
    let spans = |half: Half| -> Vec<(usize, usize, &Finding)> {
        findings
            .iter()
            .filter(|f| f.half == half)
            .map(|f| (f.column - 1 - seg.offset(half), f.length, *f))
            .collect()
    };
    (
        marked_html(seg.source.as_deref().unwrap_or(""), &spans(Half::Source)),
        marked_html(&seg.target, &spans(Half::Target)),
    )
}

/// Text with the findings' spans wrapped in `<mark>`; overlapping spans keep the first.
fn marked_html(text: &str, spans: &[(usize, usize, &Finding)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<&(usize, usize, &Finding)> = spans.iter().filter(|s| s.1 > 0).collect();
    spans.sort_by_key(|s| s.0);
    let mut out = String::new();
    let mut at = 0;
    for &(start, len, f) in spans {
        if start < at || start >= chars.len() {
            continue;
        }
        let end = (start + len).min(chars.len());
        out.push_str(&esc(&chars[at..start].iter().collect::<String>()));
        out.push_str(&format!(
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            f.check.as_str(),
            esc(&f.message),
            esc(&chars[start..end].iter().collect::<String>())
        ));
        at = end;
    }
    out.push_str(&esc(&chars[at.min(chars.len())..]
        .iter()
        .collect::<String>()));
    out
}

/// A self-contained page: the groups first, as the human report leads with them, each with
/// links to its segments; then the segments side by side, findings marked and listed;
/// filterable by check with no network and no script from elsewhere.
pub fn html(out: &mut dyn Write, doc: &Document, report: &CheckReport) -> std::io::Result<()> {
    let (findings, summary) = (&report.findings, &report.summary);
    let mut by_line: HashMap<u64, Vec<&Finding>> = HashMap::new();
    for f in findings {
        by_line.entry(f.line).or_default().push(f);
    }
    write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>concord check: {name}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; vertical-align: top; text-align: left; }}
td.n {{ color: #888; width: 3rem; }}
mark {{ padding: 0 .1rem; }}
mark.term-missing, mark.term-deprecated {{ background: #f8b4b4; }}
mark.inconsistent {{ background: #fde68a; }}
mark.number-mismatch {{ background: #bfdbfe; }}
mark.term-kept, mark.script-mismatch {{ background: #ddd6fe; }}
ul.f {{ margin: .2rem 0 0 0; padding-left: 1.2rem; font-size: .9em; }}
li.error {{ color: #991b1b; }} li.warning {{ color: #92400e; }} li.info {{ color: #1e40af; }}
</style></head><body>
<h1>concord check: {name}</h1>
<p>{segs} segments, {errs} errors, {warns} warnings, {infos} info.</p>
<p id="filters">"#,
        name = esc(&doc.name),
        segs = summary.segments,
        errs = summary.errors,
        warns = summary.warnings,
        infos = summary.infos
    )?;
    for c in CheckId::ALL {
        let n = summary.by_check.get(c.as_str()).copied().unwrap_or(0);
        write!(
            out,
            r#"<label><input type="checkbox" value="{0}" checked> {0} ({n})</label> "#,
            c.as_str()
        )?;
    }
    writeln!(
        out,
        r#"<label><input type="checkbox" id="clean"> show clean segments</label></p>{}
<table><thead><tr><th>line</th><th>source ({})</th><th>target ({})</th></tr></thead><tbody>"#,
        html_groups(&report.groups, findings),
        doc.source_lang
            .as_ref()
            .map(|l| l.to_string())
            .unwrap_or_else(|| "none".into()),
        doc.target_lang
    )?;
    for seg in &doc.segments {
        let fs = by_line.get(&seg.line).cloned().unwrap_or_default();
        let (source, target) = marked_segment(seg, &fs);
        let checks: Vec<&str> = fs.iter().map(|f| f.check.as_str()).collect();
        writeln!(
            out,
            r#"<tr id="l{}" data-checks="{}"{}><td class="n">{}</td><td>{}</td><td>{}{}</td></tr>"#,
            seg.line,
            checks.join(" "),
            if fs.is_empty() {
                r#" class="clean" hidden"#
            } else {
                ""
            },
            seg.line,
            source,
            target,
            if fs.is_empty() {
                String::new()
            } else {
                format!(
                    "<ul class=\"f\">{}</ul>",
                    fs.iter()
                        .map(|f| format!(
                            "<li class=\"{} {}\">{}[{}] {}</li>",
                            f.severity.as_str(),
                            f.check.as_str(),
                            f.severity.as_str(),
                            f.check.as_str(),
                            esc(&f.message)
                        ))
                        .collect::<String>()
                )
            }
        )?;
    }
    writeln!(
        out,
        r#"</tbody></table>
<script>
function apply() {{
  const on = new Set([...document.querySelectorAll('#filters input[value]')].filter(i => i.checked).map(i => i.value));
  const clean = document.getElementById('clean').checked;
  for (const tr of document.querySelectorAll('tbody tr')) {{
    const cs = tr.dataset.checks ? tr.dataset.checks.split(' ') : [];
    tr.hidden = cs.length ? !cs.some(c => on.has(c)) : !clean;
  }}
  for (const li of document.querySelectorAll('li')) {{
    li.hidden = ![...li.classList].some(c => on.has(c));
  }}
}}
document.querySelectorAll('#filters input').forEach(i => i.addEventListener('change', apply));
</script>
</body></html>"#
    )
}
