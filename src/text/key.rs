//! Match keys: the normalised forms that every matcher compares, computed in one place so that
//! lookup, the checker and the memory agree on what "the same text" means. Keys are never
//! shown to users and never stored in place of the text they were derived from: NFKC turns
//! `，` into `,`, which is fine for comparing and wrong for keeping.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{LazyLock, Once};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::script;

/// NFKC, apostrophe and hyphen variants unified, hyphens and runs of white space read as one
/// space, trimmed; lower-cased unless `keep_case`.
pub fn normalize(text: &str, keep_case: bool) -> String {
    normalize_mapped(text, keep_case, |c| c)
}

/// [`normalize`], with `map` applied to each character of the result.
fn normalize_mapped(text: &str, keep_case: bool, map: impl Fn(char) -> char) -> String {
    let mut out = Unified {
        out: String::with_capacity(text.len()),
        pending_space: false,
        keep_case,
    };
    nfkc_each(text, |c| out.push(c, &map));
    out.out
}

/// Calls `f` with each character of the NFKC form of `text`. Normalising is the costliest step
/// of an import, and almost every character (ASCII, Han) is left alone by it: the text is
/// cut before each character that nothing before it can combine or reorder with (UAX #15's
/// normalisation boundaries), and only the pieces holding some other character are
/// normalised. NFKC of the whole is the NFKC of its pieces at such boundaries.
fn nfkc_each(text: &str, mut f: impl FnMut(char)) {
    if text.is_ascii() {
        text.bytes().for_each(|b| f(b as char));
        return;
    }
    let mut emit = |piece: &str, inert: bool| {
        if inert {
            piece.chars().for_each(&mut f);
        } else {
            piece.nfkc().for_each(&mut f);
        }
    };
    // The current piece starts at `start`; `inert` while it is one boundary character.
    let (mut start, mut inert) = (0, true);
    for (i, c) in text.char_indices() {
        let boundary = boundary_before(c);
        if i == 0 {
            inert = boundary;
        } else if boundary {
            emit(&text[start..i], inert);
            (start, inert) = (i, true);
        } else {
            inert = false;
        }
    }
    if !text.is_empty() {
        emit(&text[start..], inert);
    }
}

/// A character NFKC leaves as it is (quick check Yes), that neither combines with nor
/// reorders around what precedes it (combining class 0): a normalisation boundary.
fn boundary_before(c: char) -> bool {
    c.is_ascii()
        || script::is_common_han(c)
        || (unicode_normalization::char::canonical_combining_class(c) == 0
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

/// The rest of [`normalize`] after NFKC, one character at a time.
struct Unified {
    out: String,
    pending_space: bool,
    keep_case: bool,
}

impl Unified {
    fn push(&mut self, c: char, map: impl Fn(char) -> char) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => {
                '\''
            }
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
            | '\u{FE63}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            self.pending_space = !self.out.is_empty();
            return;
        }
        if self.pending_space {
            self.out.push(map(' '));
            self.pending_space = false;
        }
        if self.keep_case || c.is_ascii_lowercase() || script::is_common_han(c) {
            self.out.push(map(c));
        } else if c.is_ascii() {
            self.out.push(map(c.to_ascii_lowercase()));
        } else {
            c.to_lowercase().for_each(|l| self.out.push(map(l)));
        }
    }
}

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Traditional characters folded to Simplified (OpenCC's t2s tables), so that 諒解備忘錄 and
/// 谅解备忘录 share a key. Text without Han characters is returned as it is, without paying
/// for the converter.
pub fn simplified(text: &str) -> String {
    if !script::has_han(text) {
        return text.to_string();
    }
    match T2S.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// First and last code points of the BMP Han blocks the table covers (extension A and the
/// unified ideographs).
const T2S_FIRST: u32 = 0x3400;
const T2S_LAST: u32 = 0x9FFF;

/// OpenCC's t2s of single characters, filled in as characters are met (0: not yet): the
/// match key of every segment needs it, and converting character by character through OpenCC
/// costs more than the rest of an import, while tabulating every Han character up front
/// costs a short query's whole time budget.
static T2S_SEEN: [AtomicU32; (T2S_LAST - T2S_FIRST + 1) as usize] =
    [const { AtomicU32::new(0) }; (T2S_LAST - T2S_FIRST + 1) as usize];

/// Traditional → Simplified for one character (OpenCC's t2s of the character alone);
/// characters with no one-character simplification are kept. Unlike [`simplified`], the
/// result has as many characters as the input, so offsets into it hold for the original.
pub fn simplified_char(c: char) -> char {
    let u = c as u32;
    if !script::is_han(c) {
        return c;
    }
    let slot = (T2S_FIRST..=T2S_LAST)
        .contains(&u)
        .then(|| &T2S_SEEN[(u - T2S_FIRST) as usize]);
    if let Some(known) = slot.and_then(|s| char::from_u32(s.load(Ordering::Relaxed)))
        && known != '\0'
    {
        return known;
    }
    let mut one = [0u8; 4];
    let s = simplified(c.encode_utf8(&mut one));
    let mut cs = s.chars();
    let out = match (cs.next(), cs.next()) {
        (Some(x), None) => x,
        _ => c,
    };
    if let Some(slot) = slot {
        slot.store(out as u32, Ordering::Relaxed);
    }
    out
}

static EXTRA_RULES: Once = Once::new();

/// English inflection folded away, word by word: possessives (`Mayor's`, `governors'`) and
/// plurals (`cities`, `memoranda`, `MOUs`) become the base form. Give it text with its case:
/// acronym plurals are told by their capitals. Derivation is left alone on purpose:
/// a stemmer would make "mayoral" into "mayor" and "news" into "new", and a glossary must
/// tell those apart. Plural rules come from the `pluralizer` crate (pluralize.js's tables),
/// with the Latin plurals of official language added.
pub fn inflect(norm: &str) -> String {
    inflect_with(norm, &mut singular)
}

/// [`inflect`], asking `singular` for what [`singular`] would answer. Building the plural
/// rules' regular expressions costs more than everything else a command-line lookup does,
/// so a caller that remembers the answers for the words it will meet (the glossary keeps
/// them for the words of its terms) can fold a query without building them.
pub fn inflect_with(norm: &str, singular: &mut dyn FnMut(&str) -> String) -> String {
    add_extra_rules();
    let mut out = String::with_capacity(norm.len());
    for (i, word) in norm.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match rule_free_base(word) {
            Ok(base) => out.push_str(base),
            Err(word) => out.push_str(&singular(word)),
        }
    }
    out
}

fn add_extra_rules() {
    EXTRA_RULES.call_once(|| {
        for (one, many) in [
            ("memorandum", "memoranda"),
            ("addendum", "addenda"),
            ("consortium", "consortia"),
            ("moratorium", "moratoria"),
            ("referendum", "referenda"),
            ("forum", "forums"),
            ("premium", "premiums"),
        ] {
            pluralizer::add_irregular_rule(one.to_string(), many.to_string());
        }
    });
}

/// The singular the plural rules give one word of a key (its case kept), for words that
/// [`inflect_with`] hands to its `singular`.
pub fn singular(word: &str) -> String {
    add_extra_rules();
    pluralizer::pluralize(word, 1, false)
}

/// The base form of a word when no plural rule is needed: `Ok` with it, or `Err` with the
/// word (possessive removed) that the rules must singularise.
fn rule_free_base(word: &str) -> Result<&str, &str> {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("s'").map(|w| &word[..w.len() + 1]))
        .unwrap_or(word);
    // Acronym plurals (MOUs, NGOs, MoUs): the capitals show the word is an acronym, which
    // the plural rules, written for words, do not know.
    if let Some(stem) = word.strip_suffix('s')
        && stem.chars().filter(|c| c.is_uppercase()).count() >= 2
        && stem.chars().all(|c| c.is_alphanumeric())
    {
        return Ok(stem);
    }
    // Short words are mostly function words and acronyms ("us", "gas", "bus"), where the
    // plural rules do more harm than good.
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 4
        || !word
            .chars()
            .all(|c| c.is_alphabetic() && !script::is_han(c))
    {
        return Ok(word);
    }
    Err(word)
}

/// The words of a case-kept key that [`inflect_with`] would hand to its `singular`, so that a
/// caller can look their answers up first.
pub fn rule_words(norm: &str) -> impl Iterator<Item = &str> {
    norm.split(' ').filter_map(|w| rule_free_base(w).err())
}

/// The key fuzzy matching and the memory index compare: [`normalize`]d, lower case,
/// Traditional folded to Simplified character by character ([`simplified_char`]: the memory
/// index computes it for every segment, and phrase-level conversion costs more than the rest
/// of an import).
pub fn fuzzy_key(text: &str) -> String {
    normalize_mapped(text, false, simplified_char)
}

/// [`simplified_char`] over a string.
pub fn simplified_chars(text: String) -> String {
    if !script::has_han(&text) {
        return text;
    }
    text.chars().map(simplified_char).collect()
}

/// The shape of one word of a key, for the dots of abbreviations.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dotted {
    /// Two capital letters or more and nothing else but single dots between or after them
    /// (US, U.S., U.S, M.O.U.): the dots are not significant, the capitals are ("us" is a
    /// pronoun).
    Capitals,
    /// Letters with a dot inside (e.g., i.e., Ph.D.): a dot at the end may be left out (or,
    /// at the end of a sentence, be the full stop), the others stay.
    Trailing,
    Other,
}

fn dotted(word: &str) -> Dotted {
    let (mut letters, mut capitals, mut inner_dot) = (0, 0, false);
    let mut prev_dot = true;
    let n = word.chars().count();
    for (i, c) in word.chars().enumerate() {
        if c == '.' {
            if prev_dot {
                return Dotted::Other;
            }
            inner_dot |= i + 1 < n;
            prev_dot = true;
        } else if c.is_alphabetic() && !script::is_han(c) {
            letters += 1;
            capitals += usize::from(c.is_uppercase());
            prev_dot = false;
        } else {
            return Dotted::Other;
        }
    }
    if letters >= 2 && capitals == letters {
        Dotted::Capitals
    } else if inner_dot {
        Dotted::Trailing
    } else {
        Dotted::Other
    }
}

/// The key that tells abbreviations apart by their letters alone: `text` [`normalize`]d with
/// its case, the dots of each all-capital abbreviation removed (U.S., U.S and US all give
/// `US`, M.O.U. gives `MOU`) and the last dot of a dotted one (e.g. gives `e.g`); the other
/// words lower-cased unless `keep_case`. The capitals stay whatever `keep_case` says, so that
/// "us" is never "US". Only for comparing: the text shown is the text given.
pub fn abbreviation_key(text: &str, keep_case: bool) -> String {
    let cased = normalize(text, true);
    let mut out = String::with_capacity(cased.len());
    for (i, word) in cased.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match dotted(word) {
            Dotted::Capitals => out.extend(word.chars().filter(|&c| c != '.')),
            Dotted::Trailing if keep_case => out.push_str(word.trim_end_matches('.')),
            Dotted::Trailing => out.extend(
                word.trim_end_matches('.')
                    .chars()
                    .flat_map(char::to_lowercase),
            ),
            Dotted::Other if keep_case => out.push_str(word),
            Dotted::Other => out.extend(word.chars().flat_map(char::to_lowercase)),
        }
    }
    out
}

/// At most this many abbreviations of one text are spelt every way by [`dot_variants`]: each
/// one triples the spellings.
const DOT_VARIANT_WORDS: usize = 3;

/// The other spellings of a normalised, case-kept key (see [`normalize`]) that
/// [`abbreviation_key`] reads as the same: each all-capital abbreviation without dots, with a
/// dot after each letter, and with dots between its letters only (US, U.S., U.S); each dotted
/// one with and without its last dot (e.g., e.g). Empty when the key has no abbreviation. The
/// stored keys of a term are its own spelling's, so a lookup searches them for these too.
pub fn dot_variants(cased: &str) -> Vec<String> {
    let words: Vec<&str> = cased.split(' ').collect();
    let mut spellings: Vec<Vec<String>> = Vec::with_capacity(words.len());
    let mut varied = 0;
    for word in &words {
        let shape = if varied < DOT_VARIANT_WORDS {
            dotted(word)
        } else {
            Dotted::Other
        };
        spellings.push(match shape {
            Dotted::Capitals => {
                varied += 1;
                let letters: Vec<char> = word.chars().filter(|&c| c != '.').collect();
                let between = letters
                    .iter()
                    .map(char::to_string)
                    .collect::<Vec<_>>()
                    .join(".");
                vec![letters.iter().collect(), format!("{between}."), between]
            }
            Dotted::Trailing => {
                varied += 1;
                let bare = word.trim_end_matches('.');
                vec![bare.to_string(), format!("{bare}.")]
            }
            Dotted::Other => vec![word.to_string()],
        });
    }
    if varied == 0 {
        return Vec::new();
    }
    let mut out = vec![String::new()];
    for (i, choices) in spellings.iter().enumerate() {
        out = out
            .iter()
            .flat_map(|so_far| {
                choices.iter().map(move |c| {
                    if i == 0 {
                        c.clone()
                    } else {
                        format!("{so_far} {c}")
                    }
                })
            })
            .collect();
    }
    out.retain(|v| v != cased);
    out.sort_unstable();
    out.dedup();
    out
}

/// Every key a term or a query is compared by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    /// Lower-cased text, otherwise untouched: the "case" tier.
    pub fold: String,
    /// [`normalize`]d, lower case.
    pub norm: String,
    /// [`inflect`]ed `norm`.
    pub infl: String,
    /// [`simplified`] `norm`: the script-insensitive key, and the one fuzzy matching uses.
    pub simp: String,
}

impl Keys {
    pub fn of(text: &str) -> Keys {
        Keys::of_with(text, &mut singular)
    }

    /// [`Keys::of`], with the plural rules' answers from `singular` (see [`inflect_with`]).
    pub fn of_with(text: &str, singular: &mut dyn FnMut(&str) -> String) -> Keys {
        let cased = normalize(text, true);
        // What normalize(text, false) gives: it lower-cases the same characters one by one.
        let norm: String = cased.chars().flat_map(char::to_lowercase).collect();
        Keys {
            fold: text.to_lowercase(),
            // Inflected before lower-casing, so that acronym plurals are still visible.
            infl: inflect_with(&cased, singular).to_lowercase(),
            simp: simplified(&norm),
            norm,
        }
    }
}

/// How a query met a term, best first. The order is the ranking order of `lookup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Exact,
    Case,
    Normalized,
    Inflection,
    /// The other variety's spelling of an English word: Centre for Center (see
    /// [`super::spelling`]).
    Spelling,
    Script,
    Fuzzy,
    /// `lookup` only: the term stands inside a longer query, found by the check's matcher.
    Contained,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Case => "case",
            MatchKind::Normalized => "normalized",
            MatchKind::Inflection => "inflection",
            MatchKind::Spelling => "spelling",
            MatchKind::Script => "script",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Contained => "contained",
        }
    }
}

/// Compares a query with a term by every rule but fuzzy. A case-sensitive term ("US") is met
/// only by text that has its case, after the same normalisation.
pub fn compare(
    query: &str,
    q: &Keys,
    term: &str,
    t: &Keys,
    case_sensitive: bool,
) -> Option<MatchKind> {
    compare_with(query, q, term, t, case_sensitive, &mut singular)
}

/// [`compare`], with the plural rules' answers from `singular` (see [`inflect_with`]).
pub fn compare_with(
    query: &str,
    q: &Keys,
    term: &str,
    t: &Keys,
    case_sensitive: bool,
    singular: &mut dyn FnMut(&str) -> String,
) -> Option<MatchKind> {
    if query == term {
        return Some(MatchKind::Exact);
    }
    if case_sensitive {
        let (qn, tn) = (normalize(query, true), normalize(term, true));
        if qn == tn || abbreviation_key(query, true) == abbreviation_key(term, true) {
            return Some(MatchKind::Normalized);
        }
        if inflect_with(&qn, singular) == inflect_with(&tn, singular) {
            return Some(MatchKind::Inflection);
        }
        return None;
    }
    if q.fold == t.fold {
        Some(MatchKind::Case)
    } else if q.norm == t.norm || abbreviation_key(query, false) == abbreviation_key(term, false) {
        Some(MatchKind::Normalized)
    } else if q.infl == t.infl {
        Some(MatchKind::Inflection)
    } else if q.simp == t.simp || simplified(&q.infl) == simplified(&t.infl) {
        Some(MatchKind::Script)
    } else {
        None
    }
}

/// Similarity of two keys on a 0-100 scale: 100 x (1 - d / max(n, m)), d the Levenshtein
/// distance in characters. Chinese keys are compared character by character, which is also
/// how the field scores Chinese.
pub fn similarity(a: &str, b: &str) -> u8 {
    (strsim::normalized_levenshtein(a, b) * 100.0).round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_character_t2s_keeps_one_character() {
        // Segment keys are simplified character by character so that offsets stay aligned;
        // that holds only if OpenCC maps every single character to a single character.
        let mut longer = Vec::new();
        for u in T2S_FIRST..=T2S_LAST {
            let Some(c) = char::from_u32(u) else { continue };
            if !script::is_han(c) {
                continue;
            }
            let s = simplified(&c.to_string());
            if s.chars().count() != 1 {
                longer.push((c, s));
            } else if u % 97 == 0 {
                assert_eq!(simplified_char(c).to_string(), s, "table differs for {c}");
            }
        }
        assert!(longer.is_empty(), "{longer:?}");
        assert_eq!(simplified_char('龔'), '龚');
        assert_eq!(simplified_char('長'), '长');
        assert_eq!(simplified_char('𠮷'), '𠮷');
    }

    /// What `normalize` did before it normalised piece by piece: NFKC over the whole text,
    /// then the unifying steps.
    fn normalize_whole(text: &str, keep_case: bool) -> String {
        let mut out = Unified {
            out: String::new(),
            pending_space: false,
            keep_case,
        };
        text.nfkc().for_each(|c| out.push(c, |c| c));
        out.out
    }

    #[test]
    fn normalizing_piece_by_piece_equals_normalizing_the_whole() {
        let fixed = [
            "e\u{301}te\u{301}",
            "\u{301}leading mark",
            "a\u{323}\u{307}b\u{307}\u{323}",
            "\u{1100}\u{1161}\u{11A8}가\u{11A8}",
            "上海，中国。（ＵＳ）",
            "\u{3000}〸\u{F900}\u{2F00}㍿",
            "ΣΊΣΥΦΟΣ ﬁ ﬃ ½ ²",
            "Ａｂｃ\u{FF9E}ｶﾞ",
            "龔正\u{308}市长",
        ];
        for text in fixed {
            for keep_case in [false, true] {
                assert_eq!(
                    normalize(text, keep_case),
                    normalize_whole(text, keep_case),
                    "{text:?}"
                );
            }
        }
        // Random strings over characters chosen to meet at every kind of boundary.
        let pool: Vec<char> = "aZé e-’\u{301}\u{323}\u{307}\u{308}\u{1100}\u{1161}\u{11A8}가각上海長，。、\u{3000}\u{F900}ＵｶﾞﾞΣ½ﬁ\u{FB1D}\u{5B4}\u{5B7}"
            .chars()
            .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 9) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(pool[(state % pool.len() as u64) as usize]);
            }
            state = state.wrapping_add(1);
            assert_eq!(
                normalize(&text, false),
                normalize_whole(&text, false),
                "{text:?}"
            );
            assert_eq!(
                fuzzy_key(&text),
                simplified_chars(normalize_whole(&text, false))
            );
        }
    }

    fn kind(query: &str, term: &str) -> Option<MatchKind> {
        compare(query, &Keys::of(query), term, &Keys::of(term), false)
    }

    #[test]
    fn normalize_folds_width_case_apostrophes_hyphens_and_spaces() {
        assert_eq!(normalize("  Mayor’s   Office ", false), "mayor's office");
        assert_eq!(normalize("low-carbon", false), "low carbon");
        assert_eq!(normalize("ＵＳ", true), "US");
        assert_eq!(normalize("China–US relations", false), "china us relations");
        assert_eq!(normalize("上海，中国", false), "上海,中国");
    }

    #[test]
    fn match_tiers_in_order() {
        assert_eq!(kind("Mayor", "Mayor"), Some(MatchKind::Exact));
        assert_eq!(kind("mayor", "Mayor"), Some(MatchKind::Case));
        assert_eq!(
            kind("low carbon", "low-carbon"),
            Some(MatchKind::Normalized)
        );
        assert_eq!(kind("Mayor’s", "Mayor's"), Some(MatchKind::Normalized));
        assert_eq!(
            kind("sister city", "sister cities"),
            Some(MatchKind::Inflection)
        );
        assert_eq!(
            kind("memoranda of understanding", "memorandum of understanding"),
            Some(MatchKind::Inflection)
        );
        assert_eq!(
            kind(
                "memorandums of understanding",
                "memorandum of understanding"
            ),
            Some(MatchKind::Inflection)
        );
        assert_eq!(kind("Mayor's", "Mayor"), Some(MatchKind::Inflection));
        assert_eq!(kind("governors'", "Governor"), Some(MatchKind::Inflection));
        assert_eq!(kind("諒解備忘錄", "谅解备忘录"), Some(MatchKind::Script));
        assert_eq!(
            kind("上海市人民政府", "上海市人民政府"),
            Some(MatchKind::Exact)
        );
    }

    #[test]
    fn what_must_not_match() {
        assert_eq!(
            kind("news", "new"),
            None,
            "a plural rule must not make news into new"
        );
        assert_eq!(
            kind("mayoral", "Mayor"),
            None,
            "derivation is not inflection"
        );
        assert_eq!(kind("Exposure", "Expo"), None);
        assert_eq!(
            compare("us", &Keys::of("us"), "US", &Keys::of("US"), true),
            None,
            "US is not us"
        );
        assert_eq!(
            compare("US", &Keys::of("US"), "US", &Keys::of("US"), true),
            Some(MatchKind::Exact)
        );
        assert_eq!(
            compare("ＵＳ", &Keys::of("ＵＳ"), "US", &Keys::of("US"), true),
            Some(MatchKind::Normalized)
        );
        assert_eq!(kind("gas", "ga"), None);
    }

    #[test]
    fn abbreviations_by_their_letters_with_their_capitals() {
        for (a, b) in [
            ("U.S", "U.S."),
            ("US", "U.S."),
            ("U.S.", "US."),
            ("M.O.U.", "MOU"),
            ("the U.S Governor", "the U.S. Governor"),
            ("e.g", "e.g."),
        ] {
            assert_eq!(kind(a, b), Some(MatchKind::Normalized), "{a} {b}");
            assert_eq!(
                compare(a, &Keys::of(a), b, &Keys::of(b), true),
                Some(MatchKind::Normalized),
                "{a} {b}, case-sensitive"
            );
        }
        for (a, b) in [
            ("us", "U.S."),
            ("u.s", "US"),
            ("Us", "U.S."),
            ("eg", "e.g."),
        ] {
            assert_eq!(kind(a, b), None, "{a} {b}");
            assert_eq!(
                compare(a, &Keys::of(a), b, &Keys::of(b), true),
                None,
                "{a} {b}, case-sensitive"
            );
        }
        // Dots that are not an abbreviation's stay: Gov. is not Gov, nor a.m. am.
        assert_eq!(
            compare("Gov", &Keys::of("Gov"), "Gov.", &Keys::of("Gov."), true),
            None
        );
        assert_eq!(kind("am", "a.m."), None);
        assert_eq!(abbreviation_key("Ｕ.Ｓ. Mayor", false), "US mayor");
    }

    #[test]
    fn dot_variants_spell_each_abbreviation_every_way() {
        assert_eq!(dot_variants("US"), ["U.S", "U.S."]);
        assert_eq!(dot_variants("U.S"), ["U.S.", "US"]);
        assert_eq!(dot_variants("M.O.U."), ["M.O.U", "MOU"]);
        assert_eq!(dot_variants("e.g."), ["e.g"]);
        assert_eq!(dot_variants("e.g"), ["e.g."]);
        assert_eq!(dot_variants("U.S Mayor").len(), 2);
        assert_eq!(dot_variants("US UK").len(), 8);
        assert!(dot_variants("us Mayor Gov.").is_empty());
        assert!(dot_variants("").is_empty());
        // Every variant is the same abbreviation key, and a distinct spelling.
        for text in ["US UK EU WHO", "M.O.U. e.g. U.S"] {
            let vs = dot_variants(text);
            assert!(vs.len() >= 8, "{text}: {vs:?}");
            for v in &vs {
                assert_eq!(abbreviation_key(v, true), abbreviation_key(text, true));
            }
        }
    }

    #[test]
    fn remembered_answers_fold_as_the_rules_do() {
        let mut asked = Vec::new();
        for text in [
            "Memoranda of Understanding",
            "governors' MOUs",
            "the Mayor's cities",
            "news of sister cities",
            "US gas buses",
        ] {
            let norm = normalize(text, true);
            let words: Vec<&str> = rule_words(&norm).collect();
            let mut answer = |w: &str| {
                assert!(words.contains(&w), "{w:?} was not listed for {text:?}");
                asked.push(w.to_string());
                singular(w)
            };
            assert_eq!(inflect_with(&norm, &mut answer), inflect(&norm), "{text}");
            assert_eq!(Keys::of_with(text, &mut |w| singular(w)), Keys::of(text));
        }
        assert!(asked.contains(&"Memoranda".to_string()));
        assert!(!asked.iter().any(|w| w == "MOUs" || w == "US" || w == "gas"));
    }

    #[test]
    fn keys_lower_case_what_normalize_keeps() {
        for text in [
            "  Mayor’s   Office ",
            "ＵＳ-China",
            "İstanbul ΣΑΣ",
            "上海，中国",
            "Straße\u{3000}Ǆ",
        ] {
            let k = Keys::of(text);
            assert_eq!(k.norm, normalize(text, false), "{text}");
            assert_eq!(
                k.infl,
                inflect(&normalize(text, true)).to_lowercase(),
                "{text}"
            );
        }
    }

    #[test]
    fn similarity_scale() {
        assert_eq!(similarity("governer", "governor"), 88);
        assert_eq!(similarity("abc", "abc"), 100);
        assert_eq!(similarity("市长", "副市长"), 67);
    }
}
