"""The memories and glossaries of bench/suggest_eval.py's sets, for comparing lookup's evidence
at several sample sizes (benches/serve.rs: CONCORD_BENCH_SAMPLES with CONCORD_BENCH_DB and
CONCORD_BENCH_QUERIES): TICO-19 and the WMT news with the shipped glossary, Tatoeba with
CC-CEDICT; the queries are the terms the eval asks. Usage: python3 evidence_sample_sets.py BIN"""
import random, subprocess, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import suggest_eval as se

BIN = sys.argv[1]  # a concord binary
out = Path(".")  # the databases and query lists are written here
def run(db, *a):
    subprocess.run([BIN, "--db", str(db), *a], check=True, capture_output=True)

gl_en, gl_zh = se.glossary_keys()
sets = {
    "tico": (se.tico_pairs(), se.GLOSSARY, [(gl_en, True), (gl_zh, False), *[(k, d) for k, d in zip(se.tico_keys(), (True, False))]]),
    "news": (se.news_pairs(), se.GLOSSARY, [(gl_en, True), (gl_zh, False)]),
    "tatoeba": (se.tatoeba_pairs(), se.CEDICT, [(se.cedict_keys(), False)]),
}
for name, (pairs, glossary, directions) in sets.items():
    db = out / f"{name}.db"
    if not db.exists():
        tsv = out / f"{name}.tsv"
        se.write_tsv(pairs, tsv)
        run(db, "init", "--empty")
        run(db, "tm", "import", str(tsv))
        run(db, "glossary", "import", str(glossary))
    en = [se.key(e) for e, _ in pairs]
    zh = [se.key(z) for _, z in pairs]
    qs = []
    for entries, en_to_zh in directions:
        src, tgt = (en, zh) if en_to_zh else (zh, en)
        elig = se.eligible(entries, src, tgt)
        if name == "tatoeba" and len(elig) > 300:
            elig = random.Random(15).sample(elig, 300)
        qs += [e["query"] for e in elig]
    qs = list(dict.fromkeys(qs))
    (out / f"{name}.queries").write_text("\n".join(qs) + "\n")
    print(name, len(pairs), "pairs,", len(qs), "queries")
