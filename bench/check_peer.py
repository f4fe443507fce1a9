#!/usr/bin/env python3
"""The peer of `cargo bench --bench check`: translate-toolkit's terminology matcher
(translate.search.match.terminologymatcher, as Pootle and Virtaal use it) over the same
glossary and the same segments.

    check_peer.py CEDICT.txt SEGMENTS.txt [--every N] [--hits HITS.jsonl]

CEDICT.txt is CC-CEDICT; each entry becomes translation units with source = headword and
target = the glosses, Chinese→English: one unit for the simplified form and one for the
traditional form when it is written differently, as concord imports both. SEGMENTS.txt has one
Chinese segment per line. With --every N only every Nth segment is timed, and the time is
extrapolated to all of them (said so in the output). --hits writes, per timed segment, its
line and the matches as [start, length, term].

Prints one JSON object: build seconds, match seconds, wall-clock and CPU (measured, and
extrapolated to all segments), units, segments timed, segments with at least one match, matches.

What the matcher does, from its source (translate/search/match.py, terminology.py):
- `usable()` keeps only units whose source is 3 to 500 characters long: every one- and
  two-character Chinese term (市长, 中国, 经济…) is dropped before matching starts;
- `matches(text)` lower-cases the text and runs `text.find(term)` for every unit not longer
  than the text, in a Python loop: plain substring search, no word boundaries, so in Chinese
  it matches across word edges (市长江 in 南京市长江大桥);
- overlapping matches are resolved leftmost, longest first; only the first position of each
  term counts, and only the first 500 characters of the text are searched.
"""

import json
import sys
import time

from translate.search.match import terminologymatcher
from translate.storage import base


def cedict_units(path):
    units = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            head, sep, rest = line.partition(" [")
            if not sep:
                continue
            trad, _, simp = head.partition(" ")
            glosses = rest.partition("] ")[2].strip("/")
            for term in (simp, trad) if trad != simp else (simp,):
                u = base.TranslationUnit(term)
                u.target = glosses
                units.append(u)
    return units


def main():
    args = sys.argv[1:]
    every, hits_path = 1, None
    if "--every" in args:
        i = args.index("--every")
        every = int(args[i + 1])
        del args[i : i + 2]
    if "--hits" in args:
        i = args.index("--hits")
        hits_path = args[i + 1]
        del args[i : i + 2]
    cedict, segments_path = args
    with open(segments_path, encoding="utf-8") as f:
        segments = [line.rstrip("\n") for line in f]

    t = time.perf_counter()
    store = base.TranslationStore()
    for u in cedict_units(cedict):
        store.addunit(u)
    read = time.perf_counter() - t
    t = time.perf_counter()
    matcher = terminologymatcher(store)
    build = time.perf_counter() - t

    timed = list(enumerate(segments, 1))[::every]
    with_match = 0
    n_matches = 0
    out = open(hits_path, "w", encoding="utf-8") if hits_path else None
    t, cpu = time.perf_counter(), time.process_time()
    results = []
    for line, text in timed:
        found = matcher.matches(text)
        results.append((line, text, found))
    elapsed = time.perf_counter() - t
    elapsed_cpu = time.process_time() - cpu
    for line, text, found in results:
        if found:
            with_match += 1
        n_matches += len(found)
        if out:
            # The position the matcher used: the first in the lower-cased, cut text.
            low = text.lower()[:500]
            spans = [[low.find(u.source), len(u.source), u.source] for u in found]
            out.write(json.dumps({"line": line, "matches": spans}, ensure_ascii=False) + "\n")
    if out:
        out.close()
    print(
        json.dumps(
            {
                "read_s": read,
                "build_s": build,
                "units_given": len(store.units),
                "units_kept": len(matcher.candidates.units),
                "segments": len(segments),
                "segments_timed": len(timed),
                "match_s": elapsed,
                "match_s_all": elapsed * len(segments) / len(timed),
                "match_cpu_s": elapsed_cpu,
                "match_cpu_s_all": elapsed_cpu * len(segments) / len(timed),
                "extrapolated": len(timed) < len(segments),
                "segments_with_match": with_match,
                "matches": n_matches,
            }
        )
    )


if __name__ == "__main__":
    main()
