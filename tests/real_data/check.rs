//! The checker on real corpora: the number check over the WMT news pairs it was tuned on.

use concord::check::numbers::{Number, Weight, compare, compare_numbers, extract};

use crate::{data, files};

/// The WMT Chinese-English news pairs, as (file name, Chinese, English).
fn news_pairs() -> Vec<(String, String, String)> {
    let mut pairs = Vec::new();
    for f in files(&data().join("news"), &["csv"]) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let mut reader = csv::Reader::from_path(&f).unwrap();
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{name}: {e}"));
            pairs.push((name.clone(), record[0].to_string(), record[1].to_string()));
        }
    }
    assert!(!pairs.is_empty(), "no news pairs in the data");
    pairs
}

/// Every number lies in the text, says what the text says at its position, and follows the
/// previous one without overlapping it.
fn assert_in_place(text: &str, numbers: &[Number]) {
    let chars: Vec<char> = text.chars().collect();
    let mut end = 0;
    for n in numbers {
        let at = chars.get(n.start..n.start + n.len);
        assert!(
            n.start >= end && n.len > 0 && at.is_some(),
            "{text:?}: {n:?} overlaps the previous number or lies outside the text"
        );
        assert_eq!(at.unwrap().iter().collect::<String>(), n.text, "{text:?}");
        end = n.start + n.len;
    }
}

/// The figures in the numbers module's doc come from this run; `CONCORD_NUMBERS_DUMP=1`
/// prints every flagged pair, for reading a sample by hand.
#[test]
#[ignore = "needs ../shared/data"]
fn number_check_on_the_news_pairs() {
    let pairs = news_pairs();
    let dump = std::env::var_os("CONCORD_NUMBERS_DUMP").is_some();
    let (mut flagged, mut with_numbers) = (0, 0);
    for (k, (file, zh, en)) in pairs.iter().enumerate() {
        let (zh_numbers, en_numbers) = (extract(zh), extract(en));
        assert_in_place(zh, &zh_numbers);
        assert_in_place(en, &en_numbers);
        if zh_numbers
            .iter()
            .chain(&en_numbers)
            .any(|n| n.weight() > Weight::Faint)
        {
            with_numbers += 1;
        }
        if let Some(m) = compare_numbers(zh_numbers, en_numbers) {
            flagged += 1;
            if dump {
                let show = |v: &[Number]| {
                    v.iter()
                        .map(|n| n.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                println!(
                    "#{k} {file}\n  ZH: {zh}\n  EN: {en}\n  missing: {}\n  extra: {}",
                    show(&m.missing_in_target),
                    show(&m.extra_in_target)
                );
            }
        }
    }
    println!(
        "number check: {flagged} of {} news pairs flagged ({:.1}%); {with_numbers} pairs \
         have a number that counts",
        pairs.len(),
        100.0 * flagged as f64 / pairs.len() as f64
    );

    // The pairs the unit tests hold as hand-checked are real pairs of the data.
    let hand_checked = include_str!("../fixtures/check/numbers-hand-checked.tsv");
    for line in hand_checked.lines().filter(|l| !l.starts_with('#')) {
        let (zh, en) = line.split_once('\t').unwrap();
        assert!(
            pairs.iter().any(|(_, z, e)| z == zh && e == en),
            "not in the data: {zh}"
        );
    }
    // 43 becomes 34 in a real translation: caught, at the right column.
    let (_, zh, en) = pairs
        .iter()
        .find(|(_, z, _)| z == "截至2016年6月，全球共进行了114次月球探测，43次火星探测。")
        .expect("the 43 Mars explorations pair");
    assert_eq!(compare(zh, en), None);
    let wrong = en.replace("43 Mars", "34 Mars");
    let m = compare(zh, &wrong).expect("43 / 34 must be caught");
    let texts = |ns: &[Number]| ns.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&m.missing_in_target), ["43"]);
    assert_eq!(texts(&m.extra_in_target), ["34"]);
    assert_eq!(m.missing_in_target[0].start, 25);
    assert_eq!(
        wrong
            .chars()
            .skip(m.extra_in_target[0].start)
            .take(2)
            .collect::<String>(),
        "34"
    );
}
