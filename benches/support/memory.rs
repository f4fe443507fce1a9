//! The generated memory the `suggest` and `extract` benchmarks share: the TICO-19 dev memory,
//! then Tatoeba's pairs repeated (each copy numbered, so every unit is distinct) up to the
//! size. Built with the CLI once and cached in `<target>/bench-data/suggest-<pairs>.db`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What a benchmark on the memory needs.
pub struct Bench {
    /// `../shared/data`.
    // Each benchmark compiles this module on its own, and not every one reads the data.
    #[allow(dead_code)]
    pub data: PathBuf,
    /// The `concord` binary.
    pub bin: PathBuf,
    /// The memory's database.
    pub db: PathBuf,
    /// Its pair count, from `CONCORD_BENCH_PAIRS` (default 1,000,000).
    pub pairs: usize,
}

/// The memory, built first when it is absent; `None`, said on standard output, when
/// `../shared/data` is absent.
pub fn setup() -> Option<Bench> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.exists() {
        println!("skipped: {} is absent", data.display());
        return None;
    }
    let pairs = std::env::var("CONCORD_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    // Another build's binary may be timed in place of this one (`CONCORD_BENCH_BIN`): a
    // branch and its base alternated run by run on a shared machine, each bench built once.
    let bin = std::env::var_os("CONCORD_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_concord")));
    let db = memory(&bin, &data, &root, pairs);
    Some(Bench {
        data,
        bin,
        db,
        pairs,
    })
}

/// The database of `pairs` pairs, built first when it is absent.
fn memory(bin: &Path, data: &Path, root: &Path, pairs: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = target.join("bench-data");
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join(format!("suggest-{pairs}.db"));
    if !db.exists() {
        build(bin, data, &work, &db, pairs);
    }
    db
}

fn build(bin: &Path, data: &Path, work: &Path, db: &Path, pairs: usize) {
    let t = Instant::now();
    let tatoeba = std::fs::read_to_string(data.join("tatoeba/cmn.txt")).unwrap();
    let base: Vec<(&str, &str)> = tatoeba
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?))
        })
        .collect();
    let tsv = work.join(format!("suggest-{pairs}.tsv"));
    let mut out = BufWriter::new(std::fs::File::create(&tsv).unwrap());
    writeln!(out, "en\tzh-CN").unwrap();
    for i in 0..pairs.saturating_sub(1_536) {
        let (en, zh) = base[i % base.len()];
        let copy = i / base.len();
        writeln!(out, "{en} ({copy})\t{zh}（{copy}）").unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let run = |args: &[&str]| {
        let st = Command::new(bin)
            .arg("--db")
            .arg(db)
            .args(args)
            .status()
            .unwrap();
        assert!(st.success(), "concord {args:?}");
    };
    run(&["init", "--empty"]);
    run(&[
        "tm",
        "import",
        data.join("tico19/dev.en-zh.tmx").to_str().unwrap(),
    ]);
    run(&["tm", "import", tsv.to_str().unwrap()]);
    println!("memory built in {:.1} s", t.elapsed().as_secs_f64());
}

/// The load average over 1, 5 and 15 minutes, as `/proc/loadavg` gives it.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
