//! Which format a file is in, from its name: the one table every command consults, so that
//! `glossary import`, `tm import`, `tm export`, `check` and `analyze` agree on what `.txt` or
//! `.xlf` means. Each command then says which of these kinds it can read or write.

use std::path::Path;

/// The kinds of file concord knows by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Tmx,
    Xliff,
    Tbx,
    Csv,
    Tsv,
    Cedict,
    /// Plain text, a segment per line (`.txt`): a glossary or memory import reads it as TSV.
    Text,
    Markdown,
}

impl FileKind {
    /// The name a user passes to `--format`, and that reports print.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Tmx => "tmx",
            FileKind::Xliff => "xliff",
            FileKind::Tbx => "tbx",
            FileKind::Csv => "csv",
            FileKind::Tsv => "tsv",
            FileKind::Cedict => "cedict",
            FileKind::Text => "text",
            FileKind::Markdown => "markdown",
        }
    }
}

/// The kind a file's name implies, or `None` when it implies none (or names standard input).
/// CC-CEDICT goes by its usual names (`cedict_ts.u8`, `cedict_1_0_ts_utf-8_mdbg.txt`).
pub fn detect(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if name.contains("cedict") && matches!(ext.as_deref(), None | Some("u8" | "txt")) {
        return Some(FileKind::Cedict);
    }
    Some(match ext?.as_str() {
        "tmx" => FileKind::Tmx,
        "xlf" | "xliff" | "sdlxliff" | "mqxliff" => FileKind::Xliff,
        "tbx" | "tbx2" | "tbx3" | "xml" => FileKind::Tbx,
        "csv" => FileKind::Csv,
        "tsv" | "tab" => FileKind::Tsv,
        "u8" | "cedict" => FileKind::Cedict,
        "txt" | "utf8" | "text" => FileKind::Text,
        "md" | "markdown" => FileKind::Markdown,
        _ => return None,
    })
}

/// What a command reads or writes: the memory or the glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    Memory,
    Glossary,
}

impl Holding {
    fn name(self) -> &'static str {
        match self {
            Holding::Memory => "a translation memory",
            Holding::Glossary => "a glossary",
        }
    }

    fn command(self) -> &'static str {
        match self {
            Holding::Memory => "tm",
            Holding::Glossary => "glossary",
        }
    }
}

/// A file whose name says it holds the other thing (a `.tbx` given to the memory's import
/// or export, a `.tmx` to the glossary's): the sentence saying so, with the command that
/// reads or writes it (`verb`: "import", "export"). "Cannot tell the format" would send the
/// user looking for a `--format` that does not exist; `.xml` (read as TBX) may still be a
/// memory, so `--format` is offered last.
pub fn other_holding(path: &Path, wanted: Holding, verb: &str, formats: &str) -> Option<String> {
    let (kind, holds) = match (detect(path)?, wanted) {
        (k @ (FileKind::Tbx | FileKind::Cedict), Holding::Memory) => (k, Holding::Glossary),
        (k @ (FileKind::Tmx | FileKind::Xliff), Holding::Glossary) => (k, Holding::Memory),
        _ => return None,
    };
    let what = match holds {
        Holding::Glossary => "a termbase",
        Holding::Memory => "a translation memory",
    };
    Some(format!(
        "{}: {what} ({}) by its name, not {}; {verb} it with `concord {} {verb}`, or pass --format {formats} if it is {}",
        path.display(),
        kind.name(),
        wanted.name(),
        holds.command(),
        wanted.name(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions() {
        for (name, kind) in [
            ("a.TMX", Some(FileKind::Tmx)),
            ("job.sdlxliff", Some(FileKind::Xliff)),
            ("job.xlf", Some(FileKind::Xliff)),
            ("terms.tbx", Some(FileKind::Tbx)),
            ("terms.xml", Some(FileKind::Tbx)),
            ("pairs.csv", Some(FileKind::Csv)),
            ("pairs.tab", Some(FileKind::Tsv)),
            ("cedict_ts.u8", Some(FileKind::Cedict)),
            ("cedict_1_0_ts_utf-8_mdbg.txt", Some(FileKind::Cedict)),
            ("cedict-terms.tsv", Some(FileKind::Tsv)),
            ("draft.txt", Some(FileKind::Text)),
            ("draft.md", Some(FileKind::Markdown)),
            ("draft.docx", None),
            ("README", None),
            ("-", None),
        ] {
            assert_eq!(detect(Path::new(name)), kind, "{name}");
        }
    }
}
