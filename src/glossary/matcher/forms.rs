//! The inflected forms of English terms that the matcher indexes beside their own keys.

use std::collections::HashMap;

use super::{in_capitals, verbs};
use crate::text::{key, script};

/// The plural and singular forms of English terms, generated once per distinct word.
#[derive(Default)]
pub(super) struct FormCache {
    words: HashMap<String, u32>,
    forms: Vec<Vec<String>>,
}

impl FormCache {
    /// Hands `out` the keys of the term with one word inflected: its last word, and the word
    /// before its first "of" or "for" (the head of "memorandum of understanding", "Mayor of
    /// Shanghai", "Centers for Disease Control and Prevention", which a text also writes
    /// "Center for…": longest match must see the longer name there); and, for a verb or a verb and its particle, the verb's forms
    /// ([`verbs`]: "met with" for "meet with"). `cased` is the term's key with its case, which the forms are made from
    /// (acronym plurals are told by their capitals); `own` is the key the variants are made
    /// like, folded or not. Possessives are not generated: the edge rule extends a hit over
    /// 's instead.
    pub(super) fn variants(
        &mut self,
        cased: &str,
        own: &str,
        buf: &mut String,
        mut out: impl FnMut(&str),
    ) {
        let words: Vec<&str> = cased.split(' ').collect();
        let last = words.len() - 1;
        let of = words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("for"))
            .filter(|&of| of > 0 && of - 1 != last);
        for h in std::iter::once(last).chain(of.map(|of| of - 1)) {
            // Folding case never adds or removes a space, so word `h` of `own` is where it is
            // in `cased`.
            let Some((start, end)) = own
                .split(' ')
                .scan(0, |at, w| {
                    let span = (*at, *at + w.len());
                    *at += w.len() + 1;
                    Some(span)
                })
                .nth(h)
            else {
                continue;
            };
            let folds = own[start..end] != *words[h];
            for form in self.forms(words[h]) {
                buf.clear();
                buf.push_str(&own[..start]);
                if folds {
                    buf.extend(form.chars().flat_map(char::to_lowercase));
                } else {
                    buf.push_str(form);
                }
                buf.push_str(&own[end..]);
                out(buf);
            }
        }
        if verbs::takes_verb_forms(&words) {
            // The verb is in lower case: its key and its text agree.
            let rest = own.find(' ').map_or("", |at| &own[at..]);
            for form in verbs::verb_forms(words[0]) {
                buf.clear();
                buf.push_str(&form);
                buf.push_str(rest);
                out(buf);
            }
        }
    }

    /// Other forms of a word that [`key::inflect`] folds to the same base: `city` → `cities`,
    /// `cities` → `city`, `memorandum` → `memoranda`, `memorandums`, `MOU` → `MOUs`. Checking
    /// every form against `inflect` keeps the matcher from finding what lookup would not call
    /// the same term ("news" is not a plural of "new").
    fn forms(&mut self, word: &str) -> &[String] {
        if let Some(&at) = self.words.get(word) {
            return &self.forms[at as usize];
        }
        {
            let forms = if word.chars().any(|c| c.is_alphabetic()) && !script::has_han(word) {
                let base = key::inflect(word);
                let mut cands = vec![
                    base.clone(),
                    pluralizer::pluralize(&base, 2, false),
                    format!("{base}s"),
                ];
                cands.sort_unstable();
                cands.dedup();
                // A word in capitals is an acronym whose final S is its own letter (AIDS,
                // SARS): it gets plurals (MOUs), never a singular ("aid", "SAR" of Hong Kong).
                let capitals = in_capitals(word);
                cands.retain(|c| {
                    c != word
                        && !c.contains(' ')
                        && if capitals {
                            key::inflect(c) == word
                        } else {
                            *c == base || key::inflect(c) == base
                        }
                });
                cands
            } else {
                Vec::new()
            };
            self.words.insert(word.to_string(), self.forms.len() as u32);
            self.forms.push(forms);
        }
        self.forms.last().map_or(&[], Vec::as_slice)
    }
}
