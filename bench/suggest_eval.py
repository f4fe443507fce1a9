#!/usr/bin/env python3
"""Evaluates `concord suggest` on real data against answer keys, with eflomal as a peer
(docs/suggest-evaluation.md). Run it with the venv's Python so that the peer can run:

    python3 bench/suggest_eval.py [--concord BIN] [--out RESULTS.json]
        [--sets tico,news,tatoeba] [--seed 15] [--sample 300] [--peer-tok jieba,char] [--no-peer]

Without eflomal importable, the script makes `<target>/seval-venv` (`<target>` is
CARGO_TARGET_DIR, else target/), installs bench/suggest-requirements.txt there and runs itself
again with that Python, as .ci/run does for translate-toolkit; if that fails it says why and
runs without the peer.

Three sets, each a memory built in a temporary database with `concord --db X init --empty`
and `concord tm import`, and an answer key read from files written by other people:

- tico: the TICO-19 dev half (1,536 pairs) as the only memory; the key is TICO-19's three term
  lists. en→zh from the two en→zh lists; zh→en from the zh→en list and from the en→zh lists
  read backwards (a Chinese rendering asked for, the English term expected). A cell may hold
  several renderings (`可传染 : 有传染性`, split on ` : `), notes in brackets (`[when referring
  the generic virus group]`, dropped) and the English acronym in parentheses
  (`非典型肺炎（SARS）`): the cell with and without the parenthesis both count as correct, the
  acronym alone does not (it is the query echoed).
- news: the shipped glossary (glossary/concord.tsv) against the 7,379 WMT 2018–2020 news pairs;
  a query is any term of a concept not marked deprecated, superseded or forbidden, and the
  correct answers are the concept's preferred and admitted terms in the other language.
- tatoeba: CC-CEDICT headwords (Simplified, two characters or more) against the Simplified
  Tatoeba release (`cmn_simplified_bom_13luoyu.txt`), zh→en; the correct answers are the
  glosses' phrases: each gloss split on `;`, notes in parentheses dropped, and the phrase also
  without a leading `to ` or article. Glosses that only point elsewhere (`variant of`, `see`,
  `CL:`, `surname`, `abbr. for`, `used in`) are no answers. A seeded random sample of the
  eligible headwords is asked.

A term is eligible when it occurs in at least 3 units' sources (English: case-insensitive and
word-bounded; Chinese: as a substring) and one of its listed renderings occurs (the same way) in
at least half of those units' targets. Candidates and renderings are compared by a key: NFKC,
case fold, runs of white space as one space, and no space beside a Han character (the TICO
translators write both `2 型` and `2型`). A candidate is correct only when its key EQUALS a
rendering's key: a substring or a superstring of a rendering is wrong.

The peer: eflomal (IBM1+HMM+fertility, its defaults) on the same pairs, Chinese tokenised with
jieba (`--peer-tok jieba`, default) or one token per Han character (`char`), English as words,
both after the same key. Its forward and reverse alignments are symmetrised with
grow-diag-final-and; for each occurrence of an eligible term in a source, the target tokens
linked to the tokens the occurrence covers give a span (first to last linked token); the spans'
texts are counted over all occurrences and ranked by count (ties by first appearance). Its time
(tokenising, aligning, voting) is printed beside concord's (importing, then one cold
`concord suggest` process per term) from the same run.
"""

import argparse
import csv
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, OrderedDict, defaultdict
from pathlib import Path

from check_data import clean  # a cell with TABs and line breaks as spaces, as the TSVs need

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CONCORD_DATA", ROOT.parent / "shared" / "data"))
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
CSV_DIR = DATA / "fixtures" / "csv"
TICO_TMX = DATA / "tico19" / "dev.en-zh.tmx"
NEWS = sorted((DATA / "news").glob("wmt_zh2en__*.csv"))
TATOEBA = DATA / "tatoeba" / "cmn_simplified_bom_13luoyu.txt"
CEDICT = DATA / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
GLOSSARY = ROOT / "glossary" / "concord.tsv"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAS_HAN = re.compile(f"[{HAN}]")
SPACE_BY_HAN = re.compile(f"(?<=[{HAN}]) | (?=[{HAN}])")
# A Latin word character for word bounds: `\w` would also take Han characters, and an English
# term stands word-bounded before Chinese text (COVID-19疫苗).
LATIN = "a-z0-9\u00c0-\u024f"
# A hyphen binds too: COVID in COVID-19, or quarantine in self-quarantine, is another word.
BOUND = LATIN + "-"


def key(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    return SPACE_BY_HAN.sub("", s)


def is_zh(k):
    return bool(HAS_HAN.search(k))


def finder(term_key):
    """A compiled pattern for one term's key over a text's key."""
    if is_zh(term_key):
        return re.compile(re.escape(term_key))
    return re.compile(f"(?<![{BOUND}]){re.escape(term_key)}(?![{BOUND}])")


# ---------------------------------------------------------------------------- answer keys


def cell_forms(cell):
    """The renderings one glossary cell lists (see the module's doc)."""
    forms = []
    for alt in re.split(r"\s+:\s+", cell):
        alt = re.sub(r"\[[^\]]*\]", "", alt).strip()
        if not alt:
            continue
        forms.append(alt)
        bare = re.sub(r"\s*[（(][^）)]*[）)]\s*", " ", alt).strip()
        if bare and bare != alt:
            forms.append(bare)
    return forms


def merge(entries):
    """[(query, [renderings], origin)] → {query key: {query, renderings{key: text}, origins}}."""
    out = OrderedDict()
    for query, renderings, origin in entries:
        k = key(query)
        if not k:
            continue
        e = out.setdefault(k, {"query": query, "renderings": OrderedDict(), "origins": []})
        for r in renderings:
            e["renderings"].setdefault(key(r), r)
        if origin not in e["origins"]:
            e["origins"].append(origin)
    return out


def tico_keys():
    def rows(name):
        with open(CSV_DIR / name, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    en_zh, zh_en = [], []
    for name in ("tico19__f_en-zh_CN.csv", "tico19__g_en_zh-CN.csv"):
        for r in rows(name):
            src, tgt = r["sourceString"].strip(), r["targetString"].strip()
            en_zh.append((src, cell_forms(tgt), name))
            # Backwards: each Chinese rendering as a query; the form with the acronym in
            # parentheses is skipped when its bare form is there (no one asks for it).
            forms = cell_forms(tgt)
            for zh in forms:
                if re.search(r"[（(]", zh) and any(f in zh and f != zh for f in forms):
                    continue
                if is_zh(key(zh)):
                    zh_en.append((zh, cell_forms(src), name + " (backwards)"))
    for r in rows("tico19__g_zh-CN_en.csv"):
        zh_en.append(
            (r["sourceString"].strip(), cell_forms(r["targetString"].strip()), "tico19__g_zh-CN_en.csv")
        )
    return merge(en_zh), merge(zh_en)


def glossary_keys():
    concepts = OrderedDict()
    header = None
    with open(GLOSSARY, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            concepts.setdefault(row["concept"], []).append(row)
    good = ("preferred", "admitted", "")
    en_zh, zh_en = [], []
    for cid, rows in concepts.items():
        ok = lambda lang: [r["term"] for r in rows if r["lang"].startswith(lang) and r["status"] in good]
        en, zh = ok("en"), ok("zh")
        for t in en:
            en_zh.append((t, zh, cid))
        for t in zh:
            zh_en.append((t, en, cid))
    return merge(en_zh), merge(zh_en)


NOT_A_RENDERING = re.compile(
    r"^(CL:|variant of|old variant of|see |see also|surname |abbr\. for|abbr\. of|used in|"
    r"erhua variant|Japanese variant|also written|also pr\.|Taiwan pr\.|pr\. )",
    re.I,
)


def cedict_keys():
    glosses = OrderedDict()
    with open(CEDICT, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = re.match(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$", line)
            if not m:
                continue
            simp, gl = m.group(2), m.group(3)
            if len(simp) < 2 or not all(HAS_HAN.match(c) for c in simp):
                continue
            phrases = glosses.setdefault(simp, [])
            for g in gl.split("/"):
                if NOT_A_RENDERING.match(g.strip()):
                    continue
                for part in g.split(";"):
                    p = re.sub(r"\([^)]*\)", "", part)
                    p = re.sub(r"\[[^\]]*\]", "", p)
                    p = re.sub(r"\s+", " ", p).strip(" .,")
                    p = re.sub(r"^(fig|lit|esp|cf|usu|sb|sth)\. ", "", p)
                    if not p or HAS_HAN.search(p) or "|" in p:
                        continue
                    phrases.append(p)
                    for lead in ("to ", "a ", "an ", "the "):
                        if p.lower().startswith(lead) and len(p) > len(lead):
                            phrases.append(p[len(lead):])
    return merge((h, ps, "cedict") for h, ps in glosses.items() if ps)


# ---------------------------------------------------------------------------- corpora


def tico_pairs():
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    for tu in ET.parse(TICO_TMX).iter("tu"):
        segs = {tuv.get(lang): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        out.append((segs["en"], segs["zh"]))
    return out


def news_pairs():
    out = []
    for p in NEWS:
        with open(p, encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            next(r)
            for rec in r:
                out.append((clean(rec[1]), clean(rec[0])))
    return out


def tatoeba_pairs():
    out = []
    with open(TATOEBA, encoding="utf-8-sig") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2 and cells[0].strip() and cells[1].strip():
                out.append((clean(cells[0]), clean(cells[1])))
    return out


def write_tsv(pairs, path):
    """`en TAB zh` lines under an `en TAB zh` header, for `concord tm import`."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("en\tzh\n")
        for en, zh in pairs:
            f.write(f"{clean(en)}\t{clean(zh)}\n")


# ---------------------------------------------------------------------------- eligibility


class Bigrams:
    """Character-bigram postings over one side's keys: 97,000 CEDICT headwords against 29,000
    Tatoeba sentences is too many full scans; the postings narrow each to a few candidates,
    which the term's pattern then confirms."""

    def __init__(self, keys):
        self.keys = keys
        self.post = defaultdict(set)
        for i, k in enumerate(keys):
            for j in range(len(k) - 1):
                self.post[k[j : j + 2]].add(i)

    def units(self, term_key):
        pat = finder(term_key)
        if len(term_key) < 2:
            cands = range(len(self.keys))
        else:
            sets = sorted((self.post.get(term_key[j : j + 2], set()) for j in range(len(term_key) - 1)), key=len)
            cands = sorted(set.intersection(*sets)) if sets[0] else []
        return [i for i in cands if pat.search(self.keys[i])]


def eligible(entries, src_keys, tgt_keys, min_units=3):
    """Entries whose query occurs in ≥ min_units sources and one of whose renderings occurs in
    ≥ half of those units' targets; each gets its units and its best rendering's share."""
    out = []
    index = Bigrams(src_keys)
    for k, e in entries.items():
        units = index.units(k)
        if len(units) < min_units:
            continue
        best, best_n = None, 0
        for rk in e["renderings"]:
            if not rk:
                continue
            rp = finder(rk)
            n = sum(1 for i in units if rp.search(tgt_keys[i]))
            if n > best_n:
                best, best_n = rk, n
        if best is not None and 2 * best_n >= len(units):
            out.append(dict(e, key=k, units=units, best=best, best_share=best_n / len(units)))
    return out


# ---------------------------------------------------------------------------- concord


class Concord:
    def __init__(self, binary, db):
        self.binary, self.db = str(binary), str(db)

    def run(self, *args):
        return subprocess.run(
            [self.binary, "--db", self.db, *args], capture_output=True, text=True, timeout=120
        )

    def build(self, tsv_or_tmx):
        t0 = time.perf_counter()
        for args in (("init", "--empty"), ("tm", "import", str(tsv_or_tmx))):
            p = self.run(*args)
            if p.returncode != 0:
                sys.exit(f"concord {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()}")
        return time.perf_counter() - t0

    def suggest(self, term, src, tgt, limit):
        t0 = time.perf_counter()
        p = self.run("--json", "suggest", term, "--from", src, "--to", tgt, "--limit", str(limit))
        dt = time.perf_counter() - t0
        doc = None
        if p.returncode in (0, 1) and p.stdout.strip():
            try:
                doc = json.loads(p.stdout)
            except json.JSONDecodeError:
                doc = None
        return p.returncode, doc, p.stderr.strip(), dt


# ---------------------------------------------------------------------------- the peer


def en_tokens(k):
    return [(m.start(), m.end()) for m in re.finditer(r"[a-z0-9\u00c0-\u024f]+(?:['’-][a-z0-9\u00c0-\u024f]+)*|\S", k)]


def zh_tokens(k, mode):
    if mode == "char":
        return [
            (m.start(), m.end())
            for m in re.finditer(f"[{HAN}]|[a-z0-9\u00c0-\u024f]+(?:[-.][a-z0-9\u00c0-\u024f]+)*|\\S", k)
        ]
    import jieba

    return [(s, e) for w, s, e in jieba.tokenize(k) if w.strip()]


def gdfa(fwd, rev, n_src, n_tgt):
    """grow-diag-final-and (Koehn et al. 2003, as in Moses' symmetrisation) over two link sets."""
    union, inter = fwd | rev, fwd & rev
    links = set(inter)
    aligned_s = {i for i, _ in links}
    aligned_t = {j for _, j in links}
    neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
    added = True
    while added:
        added = False
        for i, j in sorted(links):
            for di, dj in neighbours:
                a = (i + di, j + dj)
                if a in union and a not in links and (a[0] not in aligned_s or a[1] not in aligned_t):
                    links.add(a)
                    aligned_s.add(a[0])
                    aligned_t.add(a[1])
                    added = True
    for direction in (fwd, rev):
        for i, j in sorted(direction):
            if i not in aligned_s and j not in aligned_t:
                links.add((i, j))
                aligned_s.add(i)
                aligned_t.add(j)
    return links


def read_links(path):
    with open(path, encoding="utf-8") as f:
        return [{tuple(map(int, l.split("-"))) for l in line.split()} for line in f]


class Peer:
    """eflomal on (en key, zh key) pairs; links kept as en-token → zh-token sets."""

    def __init__(self, en_keys, zh_keys, mode):
        import eflomal

        t0 = time.perf_counter()
        self.en, self.zh = en_keys, zh_keys
        self.en_tok = [en_tokens(k) for k in en_keys]
        self.zh_tok = [zh_tokens(k, mode) for k in zh_keys]
        # eflomal needs a token on each side; an empty side gets a placeholder, never counted.
        src = [" ".join(k[s:e] for s, e in t) or "<empty>" for k, t in zip(en_keys, self.en_tok)]
        tgt = [" ".join(k[s:e] for s, e in t) or "<empty>" for k, t in zip(zh_keys, self.zh_tok)]
        with tempfile.TemporaryDirectory() as d:
            f, r = os.path.join(d, "fwd"), os.path.join(d, "rev")
            eflomal.Aligner().align(src, tgt, links_filename_fwd=f, links_filename_rev=r)
            fwd, rev = read_links(f), read_links(r)
        self.links = [
            gdfa(a, b, len(s), len(t)) for a, b, s, t in zip(fwd, rev, self.en_tok, self.zh_tok)
        ]
        self.train_time = time.perf_counter() - t0

    def suggest(self, term_key, units, en_to_zh):
        pat = finder(term_key)
        votes = Counter()
        for u in units:
            src_text, tgt_text = (self.en[u], self.zh[u]) if en_to_zh else (self.zh[u], self.en[u])
            src_tok, tgt_tok = (self.en_tok[u], self.zh_tok[u]) if en_to_zh else (self.zh_tok[u], self.en_tok[u])
            by_src = defaultdict(set)
            for i, j in self.links[u]:
                if en_to_zh:
                    by_src[i].add(j)
                else:
                    by_src[j].add(i)
            for m in pat.finditer(src_text):
                covered = [x for x, (s, e) in enumerate(src_tok) if s < m.end() and e > m.start()]
                linked = sorted({t for x in covered for t in by_src.get(x, ())})
                if not linked:
                    continue
                a, b = tgt_tok[linked[0]][0], tgt_tok[linked[-1]][1]
                votes[tgt_text[a:b]] += 1
        return [t for t, _ in votes.most_common()]


# ---------------------------------------------------------------------------- scoring


def judge(cands, renderings):
    """Rank (1-based) of the first correct candidate, or None."""
    for n, c in enumerate(cands, 1):
        if key(c) in renderings:
            return n
    return None


def miss_class(top, renderings, src_key):
    """Why a wrong first candidate is wrong, by its relation to the listed renderings."""
    if top is None:
        return "no candidate"
    t = key(top)
    if not t:
        return "empty candidate"
    if any(t in r for r in renderings):
        return "too short (inside a rendering)"
    if any(r in t for r in renderings):
        return "too long (contains a rendering)"
    if any(_overlap(t, r) for r in renderings):
        return "boundary shifted (overlaps a rendering)"
    if t == src_key or (not is_zh(t) and not is_zh(src_key) and t in src_key):
        return "source echoed"
    return "other span"


def _overlap(a, b, n=2):
    """Does a suffix of one (≥ n chars) begin the other? (a span shifted across a boundary)"""
    for x, y in ((a, b), (b, a)):
        for k in range(min(len(x), len(y)) - 1, n - 1, -1):
            if x[-k:] == y[:k]:
                return True
    return False


def g2(a, ft, fs, n):
    """Log-likelihood ratio (Dunning 1993) of a span seen in a of the term's ft units and in fs
    of the memory's n targets."""
    cells = [(a, ft, fs), (ft - a, ft, n - fs), (fs - a, n - ft, fs), (n - ft - fs + a, n - ft, n - fs)]
    return 2 * sum(k * math.log(k * n / (r * c)) for k, r, c in cells if k > 0 and r > 0 and c > 0)


def p_at(ranks, k):
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else float("nan")


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


# ---------------------------------------------------------------------------- driver


def evaluate(name, pairs, directions, args, workdir, langs=("en", "zh")):
    """One memory, several (label, entries, en_to_zh) directions."""
    print(f"\n== {name}: {len(pairs)} pairs", flush=True)
    en_keys = [key(e) for e, _ in pairs]
    zh_keys = [key(z) for _, z in pairs]
    db = workdir / f"{name}.db"
    if name == "tico":
        mem = TICO_TMX
    else:
        mem = workdir / f"{name}.tsv"
        write_tsv(pairs, mem)
    concord = Concord(args.concord, db)
    import_time = concord.build(mem)
    print(f"memory built in {import_time:.2f} s ({db})", flush=True)

    peers = {}
    if not args.no_peer:
        for mode in args.peer_tok:
            try:
                peers[mode] = Peer(en_keys, zh_keys, mode)
                print(f"eflomal ({mode}) aligned in {peers[mode].train_time:.1f} s", flush=True)
            except Exception as e:  # the peer is optional: say why it did not run
                print(f"eflomal ({mode}) did not run: {e!r}", flush=True)

    results = []
    for label, entries, en_to_zh, sample in directions:
        src_keys, tgt_keys = (en_keys, zh_keys) if en_to_zh else (zh_keys, en_keys)
        src_lang, tgt_lang = langs if en_to_zh else langs[::-1]
        elig = eligible(entries, src_keys, tgt_keys)
        n_elig = len(elig)
        if sample and len(elig) > sample:
            elig = random.Random(args.seed).sample(elig, sample)
            elig.sort(key=lambda e: e["key"])
        print(
            f"-- {label}: {len(entries)} listed, {n_elig} eligible"
            + (f", {len(elig)} sampled (seed {args.seed})" if len(elig) < n_elig else ""),
            flush=True,
        )
        terms, times = [], []
        tgt_index = Bigrams(tgt_keys)
        peer_ranks = {m: [] for m in peers}
        peer_times = {m: 0.0 for m in peers}
        for e in elig:
            if args.no_concord:
                rc, doc, err, dt = None, None, "not asked (--no-concord)", 0.0
            else:
                rc, doc, err, dt = concord.suggest(e["query"], src_lang, tgt_lang, args.limit)
            times.append(dt)
            cands = [c["text"] for c in (doc or {}).get("candidates", [])]
            rank = judge(cands, e["renderings"])
            # The same candidates ranked by count (ties by concord's order): tells a ranking miss
            # (the right span is listed, with the most units) from a listing miss.
            by_count = [c["text"] for c in sorted((doc or {}).get("candidates", []), key=lambda c: -c["count"])]
            row = {
                "query": e["query"],
                "renderings": list(e["renderings"].values()),
                "units": len(e["units"]),
                "best_share": round(e["best_share"], 3),
                "origins": e["origins"],
                "exit": rc,
                "concord_units": (doc or {}).get("units"),
                "sampled": (doc or {}).get("sampled"),
                "candidates": [
                    {"text": c["text"], "score": c.get("score"), "count": c.get("count")}
                    for c in (doc or {}).get("candidates", [])
                ],
                "rank": rank,
                "rank_by_count": judge(by_count, e["renderings"]),
                # The same candidates ranked by G², f(span) counted by this script in the
                # memory's targets (substring / whole words, as eligibility counts).
                "rank_by_g2": judge(
                    [
                        c["text"]
                        for c in sorted(
                            (doc or {}).get("candidates", []),
                            key=lambda c: -g2(
                                c["count"],
                                (doc or {}).get("units") or len(e["units"]),
                                max(c["count"], len(tgt_index.units(key(c["text"])))),
                                len(tgt_keys),
                            ),
                        )
                    ],
                    e["renderings"],
                ),
                "ms": round(dt * 1000, 1),
            }
            if rc not in (0, 1) or doc is None:
                row["error"] = err[:300]
            if rank != 1:
                row["miss"] = miss_class(cands[0] if cands else None, e["renderings"], e["key"])
            for mode, peer in peers.items():
                t0 = time.perf_counter()
                pc = peer.suggest(e["key"], e["units"], en_to_zh)
                peer_times[mode] += time.perf_counter() - t0
                pr = judge(pc, e["renderings"])
                peer_ranks[mode].append(pr)
                row[f"eflomal_{mode}"] = {"candidates": pc[:5], "rank": pr}
                if pr != 1:
                    row[f"eflomal_{mode}"]["miss"] = miss_class(pc[0] if pc else None, e["renderings"], e["key"])
            terms.append(row)
        ranks = [t["rank"] for t in terms]
        res = {
            "set": name,
            "direction": label,
            "from": src_lang,
            "to": tgt_lang,
            "listed": len(entries),
            "eligible": n_elig,
            "asked": len(terms),
            "limit": args.limit,
            "concord": {
                "p1": p_at(ranks, 1),
                "p3": p_at(ranks, 3),
                "import_s": import_time,
                "suggest_total_s": sum(times),
                "suggest_p50_ms": pct(times, 0.5) * 1000,
                "suggest_p95_ms": pct(times, 0.95) * 1000,
                "misses": dict(Counter(t["miss"] for t in terms if "miss" in t)),
                "by_count_p1": p_at([t["rank_by_count"] for t in terms], 1),
                "by_count_p3": p_at([t["rank_by_count"] for t in terms], 3),
                "by_g2_p1": p_at([t["rank_by_g2"] for t in terms], 1),
                "by_g2_p3": p_at([t["rank_by_g2"] for t in terms], 3),
                "listed_p": p_at(ranks, args.limit),
                "errors": sum(1 for t in terms if "error" in t),
            },
            "eflomal": {
                m: {
                    "p1": p_at(peer_ranks[m], 1),
                    "p3": p_at(peer_ranks[m], 3),
                    "align_s": peers[m].train_time,
                    "vote_s": peer_times[m],
                    "misses": dict(
                        Counter(t[f"eflomal_{m}"]["miss"] for t in terms if "miss" in t[f"eflomal_{m}"])
                    ),
                }
                for m in peers
            },
            "terms": terms,
        }
        results.append(res)
        report(res)
    return results


def report(r):
    c = r["concord"]
    print(
        f"   concord  P@1 {c['p1']:.3f}  P@3 {c['p3']:.3f}  "
        f"import {c['import_s']:.2f} s + {r['asked']} calls {c['suggest_total_s']:.2f} s "
        f"(p50 {c['suggest_p50_ms']:.0f} ms, p95 {c['suggest_p95_ms']:.0f} ms)  errors {c['errors']}",
        flush=True,
    )
    print(
        f"   concord's own list ranked by count: P@1 {c['by_count_p1']:.3f}  P@3 {c['by_count_p3']:.3f}; "
        f"by G²: P@1 {c['by_g2_p1']:.3f}  P@3 {c['by_g2_p3']:.3f}; "
        f"a right rendering anywhere in its top {r['limit']}: {c['listed_p']:.3f}",
        flush=True,
    )
    for m, p in r["eflomal"].items():
        print(
            f"   eflomal/{m}  P@1 {p['p1']:.3f}  P@3 {p['p3']:.3f}  "
            f"align {p['align_s']:.1f} s + vote {p['vote_s']:.2f} s",
            flush=True,
        )


def table(results):
    modes = sorted({m for r in results for m in r["eflomal"]})
    head = "| set | direction | eligible | asked | concord P@1 | P@3 | concord time |"
    for m in modes:
        head += f" eflomal ({m}) P@1 | P@3 | time |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        c = r["concord"]
        line = (
            f"| {r['set']} | {r['direction']} | {r['eligible']} | {r['asked']} | {c['p1']:.3f} | {c['p3']:.3f} | "
            f"{c['import_s']:.2f} s + {c['suggest_total_s']:.2f} s |"
        )
        for m in modes:
            p = r["eflomal"].get(m)
            line += (
                f" {p['p1']:.3f} | {p['p3']:.3f} | {p['align_s']:.1f} s + {p['vote_s']:.2f} s |" if p else " – | – | – |"
            )
        lines.append(line)
    return "\n".join(lines)


def peer_python():
    """The venv's Python when this one lacks the peer; None when this one has it (or none can)."""
    try:
        import eflomal  # noqa: F401
        import jieba  # noqa: F401

        return None
    except ImportError:
        pass
    venv = TARGET / "seval-venv"
    py = venv / "bin" / "python"
    if Path(sys.prefix).resolve() == venv.resolve():  # already in it, and it lacks the peer
        return None
    if not py.exists() or subprocess.run([str(py), "-c", "import eflomal, jieba"]).returncode != 0:
        req = ROOT / "bench" / "suggest-requirements.txt"
        ok = subprocess.run([sys.executable, "-m", "venv", str(venv)]).returncode == 0 and (
            subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(req)]).returncode
            == 0
        )
        if not ok:
            print(f"could not install the peer into {venv}: running without eflomal")
            return None
    return py


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concord", default=str(TARGET / "release" / "concord"))
    ap.add_argument("--out", default=str(TARGET / "suggest-eval.json"))
    ap.add_argument("--sets", default="tico,news,tatoeba")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--peer-tok", default="jieba", type=lambda s: [x for x in s.split(",") if x])
    ap.add_argument("--no-peer", action="store_true")
    # Builds the keys and runs the peer without asking concord (for a binary without suggest).
    ap.add_argument("--no-concord", action="store_true")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the real data this evaluation reads)")
        return 0
    if not Path(args.concord).is_file():
        sys.exit(f"no concord binary at {args.concord} (cargo build --release, or --concord)")
    if not args.no_peer:
        py = peer_python()
        if py is not None:
            os.execv(str(py), [str(py), __file__, *sys.argv[1:]])
        try:
            import eflomal  # noqa: F401
        except ImportError:
            args.no_peer = True
    sets = args.sets.split(",")
    start = {"time": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "loadavg": loadavg()}
    # The 1-minute load average every 5 s: every time here is wall time on a shared machine.
    samples, stop = [], threading.Event()

    def sample_load():
        while not stop.wait(5):
            la = loadavg()
            if la:
                samples.append(float(la[0]))

    threading.Thread(target=sample_load, daemon=True).start()
    print(f"load average at start: {start['loadavg']}")
    results = []
    with tempfile.TemporaryDirectory(prefix="suggest-eval-") as d:
        work = Path(d)
        if "tico" in sets:
            en_zh, zh_en = tico_keys()
            results += evaluate(
                "tico", tico_pairs(), [("en→zh", en_zh, True, 0), ("zh→en", zh_en, False, 0)], args, work
            )
        if "news" in sets:
            en_zh, zh_en = glossary_keys()
            results += evaluate(
                "news", news_pairs(), [("en→zh", en_zh, True, 0), ("zh→en", zh_en, False, 0)], args, work
            )
        if "tatoeba" in sets:
            results += evaluate(
                "tatoeba", tatoeba_pairs(), [("zh→en", cedict_keys(), False, args.sample)], args, work
            )
    stop.set()
    end = {"time": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "loadavg": loadavg()}
    if samples:
        end["load_1min_during"] = {"min": min(samples), "mean": round(statistics.mean(samples), 2), "max": max(samples)}
    print(f"\nload average at end: {end['loadavg']}; 1-minute load during the run: {end.get('load_1min_during')}\n")
    print(table(results))
    doc = {"start": start, "end": end, "concord": args.concord, "seed": args.seed, "results": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    print(f"\nresults: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
