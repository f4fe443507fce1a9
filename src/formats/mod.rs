//! Readers and writers for the files translation tools exchange, one file per format. Readers
//! turn a file into records, text exactly as given; they never touch the database. Batching,
//! transactions and progress belong to the caller.

pub mod cedict;
pub mod decode;
pub mod delimited;
pub mod detect;
pub mod limits;
pub mod pairs;
pub mod parallel;
pub mod tbx;
pub mod tmx;
pub mod xliff;
pub mod xml;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Concept;
use crate::model::Unit;
use crate::text::{LangTag, NamedLangs};

pub use decode::{DocSource, Input, Source};
pub use detect::{FileKind, Holding, detect, other_holding};

/// A record a reader passed over, with the reason, so that a partial file is never
/// half-imported silently.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    pub line: u64,
    pub reason: String,
}

/// Options a reader may need from the user: languages for files that do not name them.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Languages of the columns of a header-less two- or three-column file, in order.
    pub langs: Vec<LangTag>,
    /// The file's first row is a header that names no languages (WMT's `0,1`): skip it and
    /// take the languages from `langs`.
    pub skip_header: bool,
    /// XLIFF: also pass on units that have no translation yet, with their source alone (for
    /// job analysis; a memory import never sets this).
    pub with_untranslated: bool,
    /// The language names the files carried in place of tags, for the import summary.
    pub names: NamedLangs,
}

/// What a glossary reader produced: every concept, in file order, and what it passed over.
#[derive(Debug, Default)]
pub struct GlossaryRead {
    pub concepts: Vec<Concept>,
    pub skipped: Vec<Skip>,
}

/// A glossary file format: atuin-style, one implementation per file in this module.
pub trait GlossaryReader {
    /// Reads a whole glossary. Malformed input is an [`Error::Input`] naming the line; a record
    /// that is merely unusable (an empty row, a term with no text) is a [`Skip`].
    fn read(&self, src: &Source, opts: &ReadOptions) -> Result<GlossaryRead>;
}

/// A translation memory file format. Units stream to `sink` as they are read, so a file of a
/// million units is imported in constant memory; the sink's error stops the read.
pub trait MemoryReader {
    /// Reads every unit. Malformed input is an [`Error::Input`] naming the line; a unit that
    /// is merely unusable (untranslated, one language only) is a [`Skip`] in the result.
    fn read(
        &self,
        input: Input,
        opts: &ReadOptions,
        sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<Vec<Skip>>;
}

/// The glossary formats concord reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    Tbx,
    Csv,
    Tsv,
    Cedict,
}

impl GlossaryFormat {
    pub fn name(self) -> &'static str {
        match self {
            GlossaryFormat::Tbx => "tbx",
            GlossaryFormat::Csv => "csv",
            GlossaryFormat::Tsv => "tsv",
            GlossaryFormat::Cedict => "cedict",
        }
    }

    /// The format a file's name implies (see [`detect()`]); plain text is read as TSV.
    pub fn from_path(path: &Path) -> Option<GlossaryFormat> {
        Some(match detect(path)? {
            FileKind::Tbx => GlossaryFormat::Tbx,
            FileKind::Csv => GlossaryFormat::Csv,
            FileKind::Tsv | FileKind::Text => GlossaryFormat::Tsv,
            FileKind::Cedict => GlossaryFormat::Cedict,
            _ => return None,
        })
    }

    pub fn reader(self) -> Box<dyn GlossaryReader> {
        match self {
            GlossaryFormat::Tbx => Box::new(tbx::TbxReader),
            GlossaryFormat::Csv => Box::new(delimited::DelimitedReader { delimiter: b',' }),
            GlossaryFormat::Tsv => Box::new(delimited::DelimitedReader { delimiter: b'\t' }),
            GlossaryFormat::Cedict => Box::new(cedict::CedictReader),
        }
    }
}

/// Reads a glossary file in the format given, or the one its name implies.
pub fn read_glossary(
    path: &Path,
    format: Option<GlossaryFormat>,
    opts: &ReadOptions,
) -> Result<GlossaryRead> {
    let format = match format.or_else(|| GlossaryFormat::from_path(path)) {
        Some(f) => f,
        None => {
            return Err(Error::input(
                path.display().to_string(),
                0,
                "cannot tell the format from the file name; pass --format tbx|csv|tsv|cedict",
            ));
        }
    };
    let src = Source::read(path)?;
    format.reader().read(&src, opts)
}

/// The translation memory formats concord reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryFormat {
    Tmx,
    Xliff,
    Csv,
    Tsv,
}

impl MemoryFormat {
    pub fn name(self) -> &'static str {
        match self {
            MemoryFormat::Tmx => "tmx",
            MemoryFormat::Xliff => "xliff",
            MemoryFormat::Csv => "csv",
            MemoryFormat::Tsv => "tsv",
        }
    }

    /// The format a file's name implies (see [`detect()`]); plain text is read as TSV.
    pub fn from_path(path: &Path) -> Option<MemoryFormat> {
        Some(match detect(path)? {
            FileKind::Tmx => MemoryFormat::Tmx,
            FileKind::Xliff => MemoryFormat::Xliff,
            FileKind::Csv => MemoryFormat::Csv,
            FileKind::Tsv | FileKind::Text => MemoryFormat::Tsv,
            _ => return None,
        })
    }

    pub fn reader(self) -> Box<dyn MemoryReader> {
        match self {
            MemoryFormat::Tmx => Box::new(tmx::TmxReader),
            MemoryFormat::Xliff => Box::new(xliff::XliffReader),
            MemoryFormat::Csv => Box::new(pairs::PairsReader { delimiter: b',' }),
            MemoryFormat::Tsv => Box::new(pairs::PairsReader { delimiter: b'\t' }),
        }
    }
}
