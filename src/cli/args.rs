//! The command line, as clap sees it. Nothing here does work: `mod.rs` turns these into
//! validated settings before anything touches the database.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use concord::answer;
use concord::glossary::{ConceptRef, Status, TermType};
use concord::text::LangTag;

#[derive(Debug, Parser)]
#[command(
    name = "concord",
    version,
    about = "A translation memory and controlled glossary in one SQLite file",
    long_about = "concord keeps a controlled glossary and a translation memory in one SQLite file \
        and helps translators render every official title and term the same way.\n\n\
        A new database is created on first use and seeded with the glossary concord ships.",
    after_help = "Exit status: 0 success, 1 nothing found (or findings), 2 usage or input error."
)]
pub struct Cli {
    /// The database file [default: $CONCORD_DB, else the user's data folder]
    // Not clap's `env`: clap counts a value from the environment as given, and its usage line
    // in errors then shows `--db <PATH>` as if the command required it. `cli::run` reads
    // CONCORD_DB instead.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a database (with the shipped glossary unless --empty); on PostgreSQL
    /// (--db postgres://...), set up an empty store and seed it (only init seeds one there)
    Init {
        /// Leave out the shipped glossary, for a team that brings its own termbase
        #[arg(long)]
        empty: bool,
    },
    /// Look up the approved translations of a term, in either direction
    Lookup(LookupArgs),
    /// Renderings of a term the memory attests, best first, with counts and examples
    Suggest(SuggestArgs),
    /// Manage the glossary: add, remove, list, show, import, export
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Translation memory: import, export, statistics
    #[command(subcommand)]
    Tm(TmCommand),
    /// Analyse a document against the memory: segments, words and characters per match band
    Analyze(AnalyzeArgs),
    /// Check a translation for glossary consistency: missing or deprecated terms,
    /// inconsistent renderings, numbers, untranslated segments
    Check(CheckArgs),
    /// Check that the database file is sound (SQLite's integrity and foreign key checks,
    /// concord's mark and schema version) and rebuild its indexes from its rows. On
    /// PostgreSQL, check the store's rows against each other (segments, hashes, tokens,
    /// postings, glossary) and rebuild nothing.
    /// Exit status: 0 healthy, 1 problems found, 2 the file or store cannot be opened
    Doctor {
        /// Only check: write nothing, rebuild nothing
        #[arg(long)]
        check_only: bool,
    },
    /// Move a SQLite file's memory and glossary into an empty PostgreSQL store, or a
    /// PostgreSQL store's into a new file, then check the counts and a sample of searches and
    /// lookups on both
    Migrate {
        /// The store to move from: FILE.db or postgres://user@host/dbname
        #[arg(long, value_name = "FILE.db|URL")]
        from: PathBuf,
        /// The store to move to: postgres://user@host/dbname (empty) or NEW.db
        #[arg(long, value_name = "URL|NEW.db")]
        to: PathBuf,
    },
    /// Serve the lookup page and a JSON API (the answers of lookup, tm search, tm concord,
    /// suggest, check, glossary list/show, tm stats) over HTTP until SIGTERM or Ctrl-C
    Serve(ServeArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): concord(1), or a command's, as `concord man glossary add`
    /// prints concord-glossary-add(1); --dir writes every page into a folder
    Man {
        /// The command whose page to print [default: concord(1)]
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
        /// Write concord.1 and every command's page into this folder
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The term, as you would type it: case, plurals, typos and Traditional characters are
    /// tolerated
    #[arg(required = true, num_args = 1.., value_name = "TERM")]
    pub term: Vec<String>,
    /// Only match terms in this language (BCP 47, e.g. en, zh-CN)
    #[arg(long, value_name = "LANG")]
    pub from: Option<LangTag>,
    /// Only show renderings in this language [default: every language but the term's]
    #[arg(long, value_name = "LANG")]
    pub to: Option<LangTag>,
    /// At most this many concepts
    #[arg(long, default_value_t = answer::LOOKUP_LIMIT.default as u32, value_parser = clap::value_parser!(u32).range(answer::LOOKUP_LIMIT.range()))]
    pub limit: u32,
    /// The lowest similarity (0-100) a typo match may have
    #[arg(long, default_value_t = answer::FUZZY_MIN.default as u8, value_parser = clap::value_parser!(u8).range(answer::FUZZY_MIN.range()))]
    pub fuzzy_min: u8,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free one. Off loopback it needs --token
    #[arg(long, default_value = "127.0.0.1:7474")]
    pub addr: std::net::SocketAddr,
    /// Open the database read only: nothing is written, not even a cache
    #[arg(long)]
    pub read_only: bool,
    /// Every request must send `Authorization: Bearer TOKEN`
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// The largest file to import by upload: bytes, or with a unit (500M, 2G; binary units)
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub max_upload: u64,
}

/// A size in bytes, or in KiB, MiB or GiB with a K, M or G suffix (an optional `iB`/`B`).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'K' | 'k')) => (&t[..i], 10),
        Some((i, 'M' | 'm')) => (&t[..i], 20),
        Some((i, 'G' | 'g')) => (&t[..i], 30),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| {
            format!("{s:?} is not a size: write bytes, or a number with K, M or G (500M, 2G)")
        })
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The term, in either language of the memory
    #[arg(required = true, num_args = 1.., value_name = "TERM")]
    pub term: Vec<String>,
    /// The term's language [default: the memory's language that fits the term's script]
    #[arg(long, value_name = "LANG")]
    pub from: Option<LangTag>,
    /// The renderings' language [default: the memory's other language]
    #[arg(long, value_name = "LANG")]
    pub to: Option<LangTag>,
    /// At most this many renderings
    #[arg(long, default_value_t = answer::SUGGEST_LIMIT.default as u32, value_parser = clap::value_parser!(u32).range(answer::SUGGEST_LIMIT.range()))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Add a concept, or terms to an existing concept: `concord glossary add en=Mayor zh-CN=市长`
    Add(AddArgs),
    /// Remove a concept, or some of its terms (a concept goes with its last term)
    Remove {
        /// The concept: its number (as `list` and `lookup` show it) or its text id (mayor)
        #[arg(value_parser = parse_concept)]
        concept: ConceptRef,
        /// Only these terms, as LANG=TEXT
        #[arg(value_name = "LANG=TEXT")]
        terms: Vec<String>,
    },
    /// List concepts with their head terms
    List {
        /// Only concepts with a term in this language
        #[arg(long, value_name = "LANG")]
        lang: Option<LangTag>,
        /// At most this many concepts [default: all]
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Show a concept with all its terms and notes
    Show {
        /// The concept: its number (as `list` and `lookup` show it) or its text id (mayor)
        #[arg(value_parser = parse_concept)]
        concept: ConceptRef,
    },
    /// Change a term's status, type or notes, or a concept's subject, definition or note:
    /// `concord glossary edit mayor zh-CN=市长 --note "..."`
    Edit(EditArgs),
    /// Import TBX, CSV/TSV (several layouts) or CC-CEDICT files
    Import(ImportArgs),
    /// Export the glossary to TBX (TBX-Basic, TBX v3) or CSV/TSV
    Export(ExportArgs),
    /// Candidate new entries from the memory: frequent, term-like source terms the glossary
    /// lacks, as a TSV in the glossary's own layout to review and import
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Terms as LANG=TEXT, e.g. en=Mayor zh-CN=市长
    #[arg(required = true, value_name = "LANG=TEXT")]
    pub terms: Vec<String>,
    /// Add to this existing concept (its number or text id) instead of creating one
    #[arg(long, value_name = "ID", value_parser = parse_concept)]
    pub concept: Option<ConceptRef>,
    /// Status of the terms [default: preferred for a language's first term, else admitted]
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Term type: fullForm, acronym, abbreviation, shortForm, variant, phrase
    #[arg(long = "type", value_parser = parse_type)]
    pub term_type: Option<TermType>,
    /// Part of speech
    #[arg(long)]
    pub pos: Option<String>,
    /// The terms match only with their exact case (acronyms such as US)
    #[arg(long)]
    pub case_sensitive: bool,
    /// A usage note on the terms
    #[arg(long)]
    pub note: Option<String>,
    /// Where the terms come from
    #[arg(long)]
    pub source: Option<String>,
    /// An example sentence
    #[arg(long)]
    pub context: Option<String>,
    /// Subject field of a new concept
    #[arg(long)]
    pub subject: Option<String>,
    /// Definition of a new concept
    #[arg(long)]
    pub definition: Option<String>,
    /// Note on a new concept
    #[arg(long)]
    pub concept_note: Option<String>,
    /// Make a new concept even when another concept holds every term given (a homonym)
    #[arg(long, conflicts_with = "concept")]
    pub separate: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The concept: its number or its text id (mayor)
    #[arg(value_parser = parse_concept)]
    pub concept: ConceptRef,
    /// The term to change, as LANG=TEXT; without it, only concept fields change
    #[arg(value_name = "LANG=TEXT")]
    pub term: Option<String>,
    /// New text for the term, in the same language (a misspelling put right)
    #[arg(long)]
    pub text: Option<String>,
    /// New status (preferred demotes the language's other preferred term to admitted)
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// New term type: fullForm, acronym, abbreviation, shortForm, variant, phrase
    #[arg(long = "type", value_parser = parse_type)]
    pub term_type: Option<TermType>,
    /// New part of speech ("" clears it; so for every text below)
    #[arg(long)]
    pub pos: Option<String>,
    /// Whether the term matches only with its exact case
    #[arg(long, value_name = "true|false")]
    pub case_sensitive: Option<bool>,
    /// New usage note on the term
    #[arg(long)]
    pub note: Option<String>,
    /// New source of the term
    #[arg(long)]
    pub source: Option<String>,
    /// New example sentence
    #[arg(long)]
    pub context: Option<String>,
    /// New subject field of the concept
    #[arg(long)]
    pub subject: Option<String>,
    /// New definition of the concept
    #[arg(long)]
    pub definition: Option<String>,
    /// New note on the concept
    #[arg(long)]
    pub concept_note: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Tbx,
    Csv,
    Tsv,
    Cedict,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import; all land in one transaction, or none does
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The format [default: from the file name]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Languages of the columns of a header-less CSV/TSV, e.g. en,zh-CN
    #[arg(long, value_delimiter = ',', value_name = "LANG,LANG")]
    pub langs: Vec<LangTag>,
    /// Read and report, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output file, `-` for standard output
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The format [default: from the file name; tbx, csv, tsv]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Only terms in these languages (repeatable)
    #[arg(long, value_name = "LANG")]
    pub lang: Vec<LangTag>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The language to find terms in
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub from: LangTag,
    /// The language of the translations (only units holding both are read)
    #[arg(long, value_name = "LANG", default_value = "zh-CN")]
    pub to: LangTag,
    /// The fewest occurrences a candidate must have
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_count: u32,
    /// At most this many candidates, best first
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub limit: u32,
    /// Write the TSV to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse_documented(s).map_err(|e| e.to_string())
}

fn parse_concept(s: &str) -> Result<ConceptRef, String> {
    s.parse().map_err(|e: concord::Error| e.to_string())
}

fn parse_type(s: &str) -> Result<TermType, String> {
    s.parse().map_err(|e: concord::Error| e.to_string())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TmFormatArg {
    Tmx,
    Xliff,
    Csv,
    Tsv,
}

#[derive(Debug, Subcommand)]
pub enum TmCommand {
    /// Import TMX, XLIFF, CSV/TSV pairs, or two parallel text files (--parallel)
    Import(TmImportArgs),
    /// Export the memory to TMX 1.4b or TSV
    Export(TmExportArgs),
    /// Units per language pair and per origin
    Stats,
    /// Fuzzy matches: the closest past translations of a sentence, scored 0-100
    Search(TmSearchArgs),
    /// Concordance: every segment that contains a phrase (any length, Chinese included)
    Concord(TmConcordArgs),
}

#[derive(Debug, Args)]
pub struct TmSearchArgs {
    /// The sentence to match
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    /// The language to search in [default: the memory's language that fits the text's script]
    #[arg(long, value_name = "LANG")]
    pub from: Option<LangTag>,
    /// Languages of the translations shown [default: every other language of the unit]
    #[arg(long, value_name = "LANG")]
    pub to: Option<LangTag>,
    /// The lowest score shown, 0-100
    #[arg(long, default_value_t = answer::SEARCH_MIN.default as u8, value_parser = clap::value_parser!(u8).range(answer::SEARCH_MIN.range()))]
    pub min: u8,
    /// At most this many matches
    #[arg(long, default_value_t = answer::SEARCH_LIMIT.default as u32, value_parser = clap::value_parser!(u32).range(answer::SEARCH_LIMIT.range()))]
    pub limit: u32,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SideArg {
    Source,
    Target,
    Both,
}

#[derive(Debug, Args)]
pub struct TmConcordArgs {
    /// The phrase to find
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    /// Look in the units' source segments, their targets, or both
    #[arg(long = "in", value_enum, default_value = "both")]
    pub side: SideArg,
    /// Only segments in this language
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LangTag>,
    /// At most this many hits
    #[arg(long, default_value_t = answer::CONCORDANCE_LIMIT.default as u32, value_parser = clap::value_parser!(u32).range(answer::CONCORDANCE_LIMIT.range()))]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct TmImportArgs {
    /// Files to import; all land in one transaction, or none does
    #[arg(value_name = "FILE", required_unless_present = "parallel")]
    pub files: Vec<PathBuf>,
    /// Two line-aligned plain-text files, one per language
    #[arg(long, num_args = 2, value_names = ["FILE1", "FILE2"], conflicts_with = "files")]
    pub parallel: Option<Vec<PathBuf>>,
    /// The format [default: from the file name]
    #[arg(long, value_enum)]
    pub format: Option<TmFormatArg>,
    /// Languages of the columns (CSV/TSV without a language header) or of the --parallel files
    #[arg(long, value_delimiter = ',', value_name = "LANG,LANG")]
    pub langs: Vec<LangTag>,
    /// The first row is a header that names no languages (e.g. `0,1`): skip it, use --langs
    #[arg(long, requires = "langs")]
    pub header: bool,
    /// Read and report, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct TmExportArgs {
    /// Output file, `-` for standard output
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The format [default: from the file name; tmx or tsv]
    #[arg(long, value_enum)]
    pub format: Option<TmFormatArg>,
    /// Only units with both of these languages, e.g. en,zh-CN; the TSV columns, in order
    #[arg(long, value_delimiter = ',', value_name = "LANG,LANG")]
    pub langs: Vec<LangTag>,
    /// Only units imported from this origin (the path as given to `tm import`)
    #[arg(long)]
    pub origin: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The document: plain text (one segment per line), TSV (first column, or the --from
    /// column of a language header) or XLIFF (the sources); `-` for standard input, its
    /// format told by its content
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The document's language [default: the memory's language that fits its script]
    #[arg(long, value_name = "LANG")]
    pub from: Option<LangTag>,
    /// The language it is to be translated into: only units with a translation in it count as
    /// matches [default: every unit, whatever its other languages]
    #[arg(long, value_name = "LANG")]
    pub to: Option<LangTag>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CheckFormatArg {
    /// `source TAB target` per line
    Tsv,
    Xliff,
    Tmx,
    /// A target-only draft, plain text or Markdown, a segment per line
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupsArg {
    /// The groups first, then every finding
    Lead,
    /// Only the groups
    Only,
    /// Only the findings
    Off,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The draft: TSV (source TAB target), XLIFF, TMX, or a target-only text/Markdown file;
    /// `-` for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The source text, line-aligned with FILE (then FILE holds only the translation)
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<PathBuf>,
    /// The format [default: from the file name; text for .txt and .md]
    #[arg(long, value_enum)]
    pub format: Option<CheckFormatArg>,
    /// Source language [default: the file's, else the side not in Han characters is en]
    #[arg(long, value_name = "LANG")]
    pub from: Option<LangTag>,
    /// Target language [default: the file's, else the side in Han characters is zh]
    #[arg(long, value_name = "LANG")]
    pub to: Option<LangTag>,
    /// Language of a target-only draft (same as --to)
    #[arg(long, value_name = "LANG", conflicts_with = "to")]
    pub lang: Option<LangTag>,
    /// Turn checks off: term-missing, term-kept, term-deprecated, term-convention,
    /// inconsistent, number-mismatch, untranslated, script-mismatch, misaligned
    #[arg(long, value_delimiter = ',', value_name = "CHECK", value_parser = parse_check)]
    pub disable: Vec<String>,
    /// A check's severity instead of its default: CHECK=error|warning|info, as in
    /// term-kept=info,inconsistent=error
    #[arg(long, value_delimiter = ',', value_name = "CHECK=LEVEL", value_parser = parse_severity)]
    pub severity: Vec<(concord::check::CheckId, concord::check::Severity)>,
    /// Exit 1 when a finding at or above this severity is found
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOnArg,
    /// Leave out the findings this ignore list names (CHECK TAB TERM [TAB SEGMENT] lines);
    /// FILE.concord-ignore beside the input is read too when it exists
    #[arg(long, value_name = "IGNORE")]
    pub ignore: Vec<PathBuf>,
    /// Report only the findings that are not in this earlier `check --json` output
    #[arg(long, value_name = "OLD_JSON")]
    pub baseline: Option<PathBuf>,
    /// The human report's groups (one line per check, term and rendering used)
    #[arg(long, value_enum, default_value = "lead")]
    pub groups: GroupsArg,
    /// Also write a self-contained HTML report an editor can open
    #[arg(long, value_name = "OUT")]
    pub html: Option<PathBuf>,
}

// The command line's enums name the library's own; each maps to it in one place.

impl From<FormatArg> for concord::formats::GlossaryFormat {
    fn from(f: FormatArg) -> Self {
        use concord::formats::GlossaryFormat as G;
        match f {
            FormatArg::Tbx => G::Tbx,
            FormatArg::Csv => G::Csv,
            FormatArg::Tsv => G::Tsv,
            FormatArg::Cedict => G::Cedict,
        }
    }
}

impl From<TmFormatArg> for concord::formats::MemoryFormat {
    fn from(f: TmFormatArg) -> Self {
        use concord::formats::MemoryFormat as M;
        match f {
            TmFormatArg::Tmx => M::Tmx,
            TmFormatArg::Xliff => M::Xliff,
            TmFormatArg::Csv => M::Csv,
            TmFormatArg::Tsv => M::Tsv,
        }
    }
}

impl From<SideArg> for concord::memory::concordance::Side {
    fn from(s: SideArg) -> Self {
        use concord::memory::concordance::Side;
        match s {
            SideArg::Source => Side::Source,
            SideArg::Target => Side::Target,
            SideArg::Both => Side::Both,
        }
    }
}

impl From<CheckFormatArg> for concord::document::DraftFormat {
    fn from(f: CheckFormatArg) -> Self {
        use concord::document::DraftFormat as D;
        match f {
            CheckFormatArg::Tsv => D::Tsv,
            CheckFormatArg::Xliff => D::Xliff,
            CheckFormatArg::Tmx => D::Tmx,
            CheckFormatArg::Text => D::Text,
        }
    }
}

impl FailOnArg {
    /// The lowest severity that fails the check; `None` never fails.
    pub fn threshold(self) -> Option<concord::check::Severity> {
        use concord::check::Severity;
        match self {
            FailOnArg::Error => Some(Severity::Error),
            FailOnArg::Warning => Some(Severity::Warning),
            FailOnArg::Info => Some(Severity::Info),
            FailOnArg::Never => None,
        }
    }
}

fn parse_check(s: &str) -> Result<String, String> {
    use concord::check::CheckId;
    CheckId::parse(s)
        .map(|c| c.as_str().to_string())
        .ok_or_else(|| format!("unknown check {s:?} (expected one of {})", CheckId::names()))
}

fn parse_severity(s: &str) -> Result<(concord::check::CheckId, concord::check::Severity), String> {
    concord::check::parse_severity_setting(s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn a_size_is_bytes_or_binary_units() {
        assert_eq!(parse_size("1500"), Ok(1500));
        assert_eq!(parse_size("500M"), Ok(500 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        for bad in ["", "0", "lots", "-1M", "1T", "99999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }
}
