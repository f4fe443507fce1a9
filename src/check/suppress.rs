//! Findings a reviewer has already decided on: an ignore list, and a baseline (an earlier
//! run's JSON), as Xbench and memoQ keep ignore lists and CI keeps a baseline.
//!
//! **Ignore list**: UTF-8 text, one rule a line, TAB-separated: `check TAB term [TAB segment]`.
//! Blank lines and lines starting with `#` are comments. `term` is compared, ignoring letter
//! case, with the finding's source term and its target term (`*` is any term); `segment`,
//! when given, is either the finding's `segment_hash` (16 hex digits, as the JSON gives it)
//! or the segment's text (its source or its target, exactly). Read from every `--ignore FILE`
//! and from `<input>.concord-ignore` beside the input when it exists.
//!
//! **Baseline**: a `concord check --json` output. A finding is in it when a finding of the
//! baseline has the same check, source term, target term and segment hash: the segment's
//! text, not its line, so that lines added above leave the baseline valid. Each finding of
//! the baseline stands for one finding (a segment with the term left out twice, and once in
//! the baseline, has one new finding).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CheckId, Document, DraftSegment, Finding};
use crate::error::{Error, Result};

/// What was left out, for the summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Suppressed {
    /// By the ignore lists.
    pub ignored: usize,
    /// Because the baseline has them.
    pub baseline: usize,
}

impl Suppressed {
    pub fn is_empty(&self) -> bool {
        self.ignored == 0 && self.baseline == 0
    }
}

#[derive(Clone, Debug, PartialEq)]
enum SegmentRule {
    Any,
    Hash(String),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Rule {
    check: CheckId,
    /// Lower-cased; `None` for `*`.
    term: Option<String>,
    segment: SegmentRule,
}

/// The rules of one or more ignore files.
#[derive(Clone, Debug, Default)]
pub struct IgnoreList {
    rules: Vec<Rule>,
    /// The files read, for the summary.
    pub files: Vec<String>,
}

/// The ignore file read by default for an input: `draft.tsv` → `draft.tsv.concord-ignore`.
pub fn default_ignore_file(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".concord-ignore");
    PathBuf::from(name)
}

fn is_hash(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl IgnoreList {
    /// The rules of `given` files, and of the input's default ignore file when it exists
    /// (`input` is `None` for standard input, which has no place beside it).
    pub fn read(input: Option<&Path>, given: &[PathBuf]) -> Result<IgnoreList> {
        let mut list = IgnoreList::default();
        let default = input.map(default_ignore_file).filter(|p| p.is_file());
        for path in default.iter().chain(given) {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            list.add(&path.display().to_string(), &text)?;
        }
        Ok(list)
    }

    /// Adds the rules of one file's text; `name` is what errors call it.
    pub fn add(&mut self, name: &str, text: &str) -> Result<()> {
        let bad = |line: usize, message: String| Error::Input {
            path: name.to_string(),
            line: line as u64,
            message,
        };
        for (n, line) in (1..).zip(text.lines()) {
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() > 3 {
                return Err(bad(
                    n,
                    format!(
                        "{} cells; a rule is CHECK TAB TERM [TAB SEGMENT]",
                        cells.len()
                    ),
                ));
            }
            let check = CheckId::parse(cells[0].trim()).ok_or_else(|| {
                bad(
                    n,
                    format!(
                        "unknown check {:?} (expected one of {})",
                        cells[0],
                        CheckId::names()
                    ),
                )
            })?;
            let term = match cells.get(1).map(|t| t.trim()) {
                None | Some("") => {
                    return Err(bad(n, "no term (write * for any term)".to_string()));
                }
                Some("*") => None,
                Some(t) => Some(t.to_lowercase()),
            };
            let segment = match cells.get(2) {
                None | Some(&"") => SegmentRule::Any,
                Some(s) if is_hash(s) => SegmentRule::Hash(s.to_ascii_lowercase()),
                Some(s) => SegmentRule::Text(s.to_string()),
            };
            self.rules.push(Rule {
                check,
                term,
                segment,
            });
        }
        self.files.push(name.to_string());
        Ok(())
    }

    fn ignores(&self, f: &Finding, seg: Option<&DraftSegment>) -> bool {
        let term_is = |t: &str| {
            [&f.source_term, &f.target_term]
                .into_iter()
                .flatten()
                .any(|x| x.to_lowercase() == t)
        };
        self.rules.iter().any(|r| {
            r.check == f.check
                && r.term.as_deref().is_none_or(term_is)
                && match &r.segment {
                    SegmentRule::Any => true,
                    SegmentRule::Hash(h) => *h == f.segment_hash,
                    SegmentRule::Text(t) => seg
                        .is_some_and(|s| s.target == *t || s.source.as_deref() == Some(t.as_str())),
                }
        })
    }
}

/// What identifies a finding across runs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
struct Identity {
    check: CheckId,
    #[serde(default)]
    source_term: Option<String>,
    #[serde(default)]
    target_term: Option<String>,
    segment_hash: String,
}

impl Identity {
    fn of(f: &Finding) -> Identity {
        Identity {
            check: f.check,
            source_term: f.source_term.clone(),
            target_term: f.target_term.clone(),
            segment_hash: f.segment_hash.clone(),
        }
    }
}

/// The findings of an earlier run, by identity, with how many of each.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    seen: HashMap<Identity, usize>,
    pub file: String,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// Reads the JSON of `concord check --json`; `name` is what errors call it.
    pub fn parse(name: &str, text: &str) -> Result<Baseline> {
        #[derive(Deserialize)]
        struct Run {
            findings: Vec<Identity>,
        }
        let run: Run = serde_json::from_str(text).map_err(|e| Error::Input {
            path: name.to_string(),
            line: e.line() as u64,
            message: format!("not the JSON of concord check --json: {e}"),
        })?;
        let mut seen = HashMap::new();
        for id in run.findings {
            *seen.entry(id).or_default() += 1;
        }
        Ok(Baseline {
            seen,
            file: name.to_string(),
        })
    }
}

/// What to leave out of a report.
#[derive(Clone, Debug, Default)]
pub struct Suppression {
    pub ignore: IgnoreList,
    pub baseline: Option<Baseline>,
}

impl Suppression {
    /// `findings` without those the ignore list or the baseline has, and how many of each.
    pub fn apply(&self, doc: &Document, findings: Vec<Finding>) -> (Vec<Finding>, Suppressed) {
        let mut counts = Suppressed::default();
        if self.ignore.rules.is_empty() && self.baseline.is_none() {
            return (findings, counts);
        }
        let by_line: HashMap<u64, &DraftSegment> =
            doc.segments.iter().map(|s| (s.line, s)).collect();
        let mut left = self
            .baseline
            .as_ref()
            .map(|b| b.seen.clone())
            .unwrap_or_default();
        let kept = findings
            .into_iter()
            .filter(|f| {
                if self.ignore.ignores(f, by_line.get(&f.line).copied()) {
                    counts.ignored += 1;
                    return false;
                }
                match left.get_mut(&Identity::of(f)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        counts.baseline += 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        (kept, counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_rule_is_named_by_file_and_line() {
        let mut list = IgnoreList::default();
        let err = list
            .add(
                "x.concord-ignore",
                "# comment\n\nterm-kept\tWHO\nterm-lost\tWHO\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.concord-ignore:4:"), "{err}");
        assert!(err.contains("term-lost"), "{err}");
        let err = list.add("y", "term-kept\n").unwrap_err().to_string();
        assert!(err.starts_with("y:1:"), "{err}");
        let err = list
            .add("z", "term-kept\ta\tb\tc\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("z:1:"), "{err}");
    }

    #[test]
    fn a_baseline_that_is_not_a_check_output_is_named_with_its_line() {
        let err = Baseline::parse(
            "old.json",
            "{\n \"findings\": [\n  {\"check\": \"term-missing\"}\n ]\n}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("old.json:3:"), "{err}");
        assert!(err.contains("segment_hash"), "{err}");
        let err = Baseline::parse(
            "old.json",
            "{\"findings\": [{\"check\": \"nope\", \"segment_hash\": \"0\"}]}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn the_default_ignore_file_sits_beside_the_input() {
        assert_eq!(
            default_ignore_file(Path::new("dir/draft.tsv")),
            Path::new("dir/draft.tsv.concord-ignore")
        );
    }
}
