#!/usr/bin/env python3
"""Peers for concord's translation memory benchmark (benches/tm.rs runs this).

Reads what the harness exported to --dir:
  seg-en.bin, seg-zh.bin  every memory segment of a language as token ids, tokenised by
                          concord itself: little-endian u32 `count, count lengths, tokens`
  queries.jsonl           {"set", "lang", "text", "tokens", "best_base"} per query, in the
                          order the harness timed concord on them
  units.jsonl             [en, zh] raw text of a strided subset of units (translate-toolkit)

and times, on the same queries, at the same minimum score:
  python     a pure-Python Levenshtein over token lists (with the length filter and an early
             exit), on a subset of segments, its time scaled linearly to the whole language
  rapidfuzz  process.extract over every segment of the language, each token one code point
             so that rapidfuzz compares token sequences, scorer Levenshtein.normalized_similarity
  ttk        translate-toolkit's translate.search.match.matcher over a subset of units (its own
             character-level score on the raw text), scaled linearly

Prints one JSON object on stdout; progress goes to stderr.
"""

import argparse
import array
import json
import math
import statistics
import sys
import time
from importlib import metadata


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def read_segments(path):
    a = array.array("I")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    n = a[0]
    lens = a[1 : 1 + n]
    toks = a[1 + n :]
    out = []
    off = 0
    for ln in lens:
        out.append(toks[off : off + ln])
        off += ln
    return out


def p50(xs):
    return statistics.median(xs) if xs else 0.0


def base_score(longest, d):
    return 100 * (longest - d) // longest


def levenshtein_within(a, b, k):
    """Token-list Levenshtein distance if it is at most k, else None (rows stop early)."""
    n, m = len(a), len(b)
    if abs(n - m) > k:
        return None
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        best = i
        for j in range(1, m + 1):
            c = prev[j - 1] + (ai != b[j - 1])
            if prev[j] + 1 < c:
                c = prev[j] + 1
            if cur[j - 1] + 1 < c:
                c = cur[j - 1] + 1
            cur[j] = c
            if c < best:
                best = c
        if best > k:
            return None
        prev = cur
    return prev[m] if prev[m] <= k else None


def python_peer(segs, queries, args):
    out_times, scaled = [], []
    subsets = {}
    for lang, all_segs in segs.items():
        stride = max(1, len(all_segs) // args.py_subset)
        subsets[lang] = [list(s) for s in all_segs[::stride][: args.py_subset]]
    for q in queries[: args.py_queries]:
        sub = subsets[q["lang"]]
        qt = q["tokens"]
        n = len(qt)
        t = time.perf_counter()
        top = []
        for s in sub:
            longest = max(n, len(s))
            if longest == 0:
                continue
            k = longest * (100 - args.min) // 100
            d = levenshtein_within(qt, s, k)
            if d is not None:
                top.append(base_score(longest, d))
        top.sort(reverse=True)
        top = top[: args.limit]
        dt = (time.perf_counter() - t) * 1e3
        out_times.append(dt)
        scaled.append(dt * len(segs[q["lang"]]) / len(sub))
    sizes = {lang: len(s) for lang, s in subsets.items()}
    return {
        "queries": len(out_times),
        "p50_ms": p50(out_times),
        "scaled_p50_ms": p50(scaled),
        "data": f"{sizes['en']:,} en / {sizes['zh']:,} zh segments (a strided subset)",
        "note": "time scaled linearly to the whole language",
    }


def to_string(tokens):
    # One code point per token id, skipping the surrogate block; the query's unknown token
    # (0xFFFFFFFF) becomes U+10FFFF, which no segment uses.
    return "".join(
        chr(0x10FFFF if t == 0xFFFFFFFF else (t + 0x100 if t + 0x100 < 0xD800 else t + 0x900))
        for t in tokens
    )


def rapidfuzz_peer(segs, queries, args):
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    t = time.perf_counter()
    choices = {lang: [to_string(s) for s in ss] for lang, ss in segs.items()}
    log(f"rapidfuzz: {sum(len(c) for c in choices.values()):,} choices built in {time.perf_counter() - t:.1f} s")
    times, agree, compared = [], 0, 0
    for q in queries[: args.rf_queries]:
        qs = to_string(q["tokens"])
        t = time.perf_counter()
        res = process.extract(
            qs,
            choices[q["lang"]],
            scorer=Levenshtein.normalized_similarity,
            limit=args.limit,
            score_cutoff=args.min / 100,
        )
        times.append((time.perf_counter() - t) * 1e3)
        best = math.floor(res[0][1] * 100 + 1e-9) if res else None
        if best is not None and best < args.min:
            best = None
        compared += 1
        agree += best == q.get("best_base")
    return {
        "queries": len(times),
        "p50_ms": p50(times),
        "data": f"{len(choices['en']):,} en / {len(choices['zh']):,} zh segments (the whole memory)",
        "note": f"best base score equal to concord's brute force on {agree}/{compared} queries",
    }


def ttk_peer(segs, queries, args):
    from translate.search import match
    from translate.storage import base

    with open(f"{args.dir}/units.jsonl", encoding="utf-8") as f:
        units = [json.loads(line) for line in f]
    units = units[: args.ttk_subset]
    # matcher.matches() keeps its best candidates in a heap of (score, unit) tuples, so two
    # candidates with the same score make Python compare two units, which raises TypeError
    # (translate-toolkit 3.20.4). Giving units an arbitrary order lets it run unchanged.
    if not hasattr(base.TranslationUnit, "__lt__") or base.TranslationUnit.__lt__ is object.__lt__:
        base.TranslationUnit.__lt__ = lambda a, b: id(a) < id(b)
    matchers = {}
    t = time.perf_counter()
    for lang, (src, tgt) in {"en": (0, 1), "zh": (1, 0)}.items():
        store = base.TranslationStore()
        for u in units:
            unit = store.addsourceunit(u[src])
            unit.target = u[tgt]
        # max_length raised from its default 70 so that long sentences are really compared.
        matchers[lang] = match.matcher(
            store, max_candidates=args.limit, min_similarity=args.min, max_length=1000
        )
    log(f"translate-toolkit: two matchers over {len(units):,} units built in {time.perf_counter() - t:.1f} s")
    times, scaled, found = [], [], 0
    for q in queries[: args.ttk_queries]:
        m = matchers[q["lang"]]
        t = time.perf_counter()
        res = m.matches(q["text"])
        dt = (time.perf_counter() - t) * 1e3
        times.append(dt)
        scaled.append(dt * len(segs[q["lang"]]) / len(units))
        found += bool(res)
    return {
        "queries": len(times),
        "p50_ms": p50(times),
        "scaled_p50_ms": p50(scaled),
        "data": f"{len(units):,} units (a strided subset), raw text",
        "note": f"character-level score on raw text, not concord's; {found} queries with a match; time scaled linearly",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--min", type=int, default=75)
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--py-subset", type=int, default=10_000)
    ap.add_argument("--py-queries", type=int, default=20)
    ap.add_argument("--rf-queries", type=int, default=200)
    ap.add_argument("--ttk-subset", type=int, default=100_000)
    ap.add_argument("--ttk-queries", type=int, default=200)
    args = ap.parse_args()

    t = time.perf_counter()
    segs = {lang: read_segments(f"{args.dir}/seg-{lang}.bin") for lang in ("en", "zh")}
    with open(f"{args.dir}/queries.jsonl", encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    log(f"peers: {len(segs['en']):,} en and {len(segs['zh']):,} zh segments, {len(queries)} queries read in {time.perf_counter() - t:.1f} s")

    report = {"versions": {}, "errors": {}}
    for pkg in ("rapidfuzz", "translate-toolkit"):
        try:
            report["versions"][pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            report["versions"][pkg] = None
    report["versions"]["python"] = sys.version.split()[0]
    for name, fn in (("python", python_peer), ("rapidfuzz", rapidfuzz_peer), ("ttk", ttk_peer)):
        log(f"peer {name}...")
        try:
            report[name] = fn(segs, queries, args)
        except Exception as e:  # a peer that fails is reported, not fatal
            report[name] = None
            report["errors"][name] = f"{type(e).__name__}: {e}"
            log(f"peer {name} failed: {report['errors'][name]}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
