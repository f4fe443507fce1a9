//! Verb forms of English terms: a term that is a verb, or a verb and its particle ("sign",
//! "meet with"), is found as "signed", "met with", "signing".
//!
//! Which words get verb forms: the first word of a term of one word, or of a verb and a
//! particle (the second word one of [`PARTICLES`]), written in lower case: capitals mean an
//! acronym or a name. Irregular verbs get their forms from [`IRREGULAR`] alone; other words
//! get the regular -ed and -ing by the spelling rules of English (drop a silent e, y after a
//! consonant to i, double a final consonant after a single short vowel in a word of one
//! syllable). No -s form is made here: a third person "signs" is the plural the noun rules
//! make already, and making -s for every word would read "news" as "new".

/// Second words that make a term a verb and its particle.
const PARTICLES: &[&str] = &[
    "with", "up", "out", "off", "on", "in", "down", "over", "back", "away", "about", "into", "for",
    "to", "from",
];

/// English irregular verbs: base, past, past participle (the two past forms the same where
/// they are), with -ing made by the regular rule. Transcribed from the common irregular verbs
/// of the standard list (Wiktionary's "Appendix:English irregular verbs"; Quirk et al., A
/// Comprehensive Grammar of the English Language, 3.14-3.16), leaving out verbs whose past
/// is also a frequent word of another meaning (lie/lay, find/found, wind/wound, lead/led,
/// bind/bound).
pub(super) const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forget", "forgot", "forgotten"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("sleep", "slept", "slept"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("swim", "swam", "swum"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("write", "wrote", "written"),
];

/// Does a term of these words (its key, split at spaces) take verb forms of its first word?
pub(super) fn takes_verb_forms(words: &[&str]) -> bool {
    let lower = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    match words {
        [w] => lower(w),
        [w, p] => lower(w) && PARTICLES.contains(p),
        _ => false,
    }
}

/// The past, past participle and -ing forms of a verb, other than the word itself.
pub(super) fn verb_forms(verb: &str) -> Vec<String> {
    let mut out = match IRREGULAR.iter().find(|(base, _, _)| *base == verb) {
        Some(&(_, past, participle)) => vec![past.to_string(), participle.to_string()],
        None if verb.ends_with("ed") || verb.ends_with("ing") => return Vec::new(),
        None => vec![regular(verb, "ed")],
    };
    out.push(regular(verb, "ing"));
    out.sort_unstable();
    out.dedup();
    out.retain(|f| f != verb);
    out
}

/// `verb` + `ending` (-ed or -ing) by the spelling rules.
fn regular(verb: &str, ending: &str) -> String {
    let b = verb.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let ed = ending == "ed";
    if verb.ends_with("ie") {
        let stem = &verb[..n - 2];
        return if ed {
            format!("{verb}d")
        } else {
            format!("{stem}ying")
        };
    }
    if verb.ends_with("ee") && ed {
        return format!("{verb}d");
    }
    if verb.ends_with('e') && !verb.ends_with("ee") {
        return format!("{}{ending}", &verb[..n - 1]);
    }
    if ed && verb.ends_with('y') && n >= 2 && !vowel(b[n - 2]) {
        return format!("{}ied", &verb[..n - 1]);
    }
    // One syllable ending consonant, single vowel, consonant: stop → stopped.
    let vowels = b.iter().filter(|&&c| vowel(c)).count();
    if n >= 3
        && vowels == 1
        && !vowel(b[n - 1])
        && !b"wxy".contains(&b[n - 1])
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
    {
        return format!("{verb}{}{ending}", b[n - 1] as char);
    }
    format!("{verb}{ending}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_and_irregular_forms() {
        assert_eq!(verb_forms("sign"), ["signed", "signing"]);
        assert_eq!(verb_forms("meet"), ["meeting", "met"]);
        assert_eq!(verb_forms("spread"), ["spreading"]);
        assert_eq!(verb_forms("wash"), ["washed", "washing"]);
        assert_eq!(verb_forms("use"), ["used", "using"]);
        assert_eq!(verb_forms("stop"), ["stopped", "stopping"]);
        assert_eq!(verb_forms("isolate"), ["isolated", "isolating"]);
        assert_eq!(verb_forms("quarantine"), ["quarantined", "quarantining"]);
        assert_eq!(verb_forms("carry"), ["carried", "carrying"]);
        assert_eq!(verb_forms("die"), ["died", "dying"]);
        assert_eq!(verb_forms("agree"), ["agreed", "agreeing"]);
        assert_eq!(verb_forms("visit"), ["visited", "visiting"]);
        assert_eq!(verb_forms("test"), ["tested", "testing"]);
        assert!(verb_forms("infected").is_empty());
    }

    #[test]
    fn which_terms_take_verb_forms() {
        assert!(takes_verb_forms(&["sign"]));
        assert!(takes_verb_forms(&["meet", "with"]));
        assert!(!takes_verb_forms(&["WHO"]));
        assert!(!takes_verb_forms(&["Mayor"]));
        assert!(!takes_verb_forms(&["death", "rate"]));
        assert!(!takes_verb_forms(&["memorandum", "of", "understanding"]));
    }
}
