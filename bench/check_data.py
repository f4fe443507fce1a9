#!/usr/bin/env python3
"""Prepares the real-data runs of `concord check` (docs/check-evaluation.md) and samples their
findings for reading by hand. Standard library only.

    check_data.py beijing OUT.tsv      the 2008 Beijing titles draft as a concord long-layout TSV
    check_data.py news OUT_DIR         the WMT zh→en CSVs as news.zh-en.tsv and news.en-zh.tsv
    check_data.py countries OUT.tsv    the Chinese names of the countries other than China, from
                                       Debian's iso-codes (ISO 3166-1 and its zh_CN translation),
                                       as src/check/foreign_countries.tsv
    check_data.py sample FINDINGS.json NEWS.tsv SEED N [--share=CHECK:K,...]
                                       a seeded sample of N findings with their segments: K of
                                       each CHECK named, the rest from all findings

Paths to the data default to ../shared/data from the repository root (CONCORD_DATA overrides).

The Beijing conversion edits nothing silently; every rule is listed here and in the report:
- rows whose English is a template with a blank (`Director-General of_____ Department`) are
  dropped: a template is not a term, and the blank cannot be matched;
- the duplicated table (A.4 repeats A.3) and titles repeated across tables (秘书长 is in five)
  are merged by Chinese term: one concept per Chinese term; its first English rendering is
  preferred, any different later one admitted;
- `A/B` in the English is two renderings (preferred, admitted), and `研究院/研究所` against
  `Academy /Institute` is two concepts, paired in order;
- a Chinese parenthesis is a short or long form of the term: 中国共产党（中共） gives 中国共产党
  (preferred) and 中共 (admitted, shortForm); （审判）庭 gives 审判庭 and 庭 (admitted);
  口岸（边防口岸） gives 口岸 and 边防口岸 (admitted); 委员会（政协各委员会） is 委员会 with
  the parenthesis as a note;
- an English trailing `(CPC)` is an acronym (admitted); a trailing `…` (a title cut short in
  the source) is removed; a leading `The ` is removed (names are matched without articles);
- `CountyMayor` (a typo of the draft) is written `County Mayor`.
"""

import csv
import json
import os
import random
import re
import sys
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CONCORD_DATA", ROOT.parent / "shared" / "data"))
BEIJING = DATA / "official-terms" / "beijing_org_and_title_translation_draft_2008.extracted.tsv"
NEWS = sorted((DATA / "news").glob("wmt_zh2en__*.csv"))

PAREN = re.compile(r"^(.*?)（(.+?)）(.*)$")


def zh_forms(zh):
    """(preferred, [(admitted, type)], note) for one Chinese cell."""
    m = PAREN.match(zh)
    if not m:
        return zh, [], ""
    before, inside, after = m.groups()
    if zh == "委员会（政协各委员会）":
        return "委员会", [], "政协各委员会 (the CPPCC's committees)"
    if not before and after:  # （审判）庭: an optional qualifier
        return inside + after, [(after, "shortForm")], ""
    if len(inside) < len(before):  # 中国共产党（中共）: a short form
        return before, [(inside, "shortForm")], ""
    return before, [(inside, "")], ""  # 口岸（边防口岸）: a longer variant


def en_forms(en):
    """[(rendering, type)] for one English cell, preferred first."""
    en = en.strip().rstrip("…").strip()
    if en == "CountyMayor":
        en = "County Mayor"
    if en.startswith("The "):
        en = en[4:]
    out = []
    m = re.match(r"^(.*?)\s*\(([A-Z]{2,})\)$", en)
    if m:
        return [(m.group(1), ""), (m.group(2), "acronym")]
    for part in en.split("/"):
        part = part.strip()
        if part:
            out.append((part, ""))
    return out


def beijing(out_path):
    dropped, rows = [], []
    with open(BEIJING, encoding="utf-8") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            if "___" in rec["en"]:
                dropped.append(rec)
                continue
            rows.append(rec)
    # Chinese preferred term → concept: {zh: [(text, status, type)], en: [...], note, source}
    concepts = OrderedDict()
    for rec in rows:
        zhs = rec["zh"].split("/")
        ens = en_forms(rec["en"])
        pairs = (
            [(z, [e]) for z, e in zip(zhs, ens)] if len(zhs) > 1 and len(zhs) == len(ens) else [(rec["zh"], ens)]
        )
        for zh, en_list in pairs:
            pref, more, note = zh_forms(zh.strip())
            c = concepts.setdefault(pref, {"zh": [(pref, "")], "en": [], "note": note, "src": []})
            c["src"].append(f"{rec['table_id']}.{rec['seq']}")
            for z in more:
                if z not in c["zh"]:
                    c["zh"].append(z)
            for e in en_list:
                if not any(x[0].lower() == e[0].lower() for x in c["en"]):
                    c["en"].append(e)
    n_terms = 0
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(["concept", "lang", "term", "status", "type", "note", "source"])
        for i, (pref, c) in enumerate(concepts.items(), 1):
            cid = f"bj{i:03}"
            src = "Beijing draft 2008, " + ", ".join(c["src"])
            for lang, terms in (("zh-CN", c["zh"]), ("en", c["en"])):
                for j, (t, ty) in enumerate(terms):
                    status = "preferred" if j == 0 else "admitted"
                    w.writerow([cid, lang, t, status, ty, c["note"] if lang == "zh-CN" and j == 0 else "", src])
                    n_terms += 1
    print(
        f"{len(rows)} rows kept, {len(dropped)} dropped (template with a blank): "
        + "; ".join(f"{r['table_id']}.{r['seq']} {r['zh']} = {r['en']}" for r in dropped),
        file=sys.stderr,
    )
    print(f"{len(concepts)} concepts, {n_terms} terms → {out_path}", file=sys.stderr)


def clean(cell):
    return re.sub(r"[\t\r\n]+", " ", cell).strip()


def news(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs = []
    for p in NEWS:
        with open(p, encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            header = next(r)
            assert header == ["0", "1"], header
            for rec in r:
                pairs.append((clean(rec[0]), clean(rec[1])))
    with open(out_dir / "news.zh-en.tsv", "w", encoding="utf-8") as zh_en, open(
        out_dir / "news.en-zh.tsv", "w", encoding="utf-8"
    ) as en_zh:
        for zh, en in pairs:
            zh_en.write(f"{zh}\t{en}\n")
            en_zh.write(f"{en}\t{zh}\n")
    print(f"{len(pairs)} pairs from {len(NEWS)} files → {out_dir}", file=sys.stderr)


def tico(tmx_path, out_path):
    """TICO-19's TMX as `en TAB zh` lines under a header, so that line N + 1 is unit N and the
    sampler can show each finding's pair; TABs and line breaks in a segment become spaces."""
    import xml.etree.ElementTree as ET

    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    rows = []
    for tu in ET.parse(tmx_path).iter("tu"):
        segs = {tuv.get(lang): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        rows.append((clean(segs["en"]), clean(segs["zh"])))
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("en\tzh\n")
        for en, zh in rows:
            out.write(f"{en}\t{zh}\n")
    print(f"{len(rows)} pairs → {out_path}", file=sys.stderr)


def sample(findings_path, tsv_path, seed, n, *rest):
    opts = dict(a.split("=", 1) for a in rest if "=" in a)
    doc = json.load(open(findings_path, encoding="utf-8"))
    lines = {}
    with open(tsv_path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            s, _, t = line.rstrip("\n").partition("\t")
            lines[i] = (s, t)
    rng = random.Random(int(seed))
    findings = doc["findings"]
    # --share=term-missing:24,number-mismatch:3: how many of each check; the rest of N is
    # drawn from all findings not yet drawn.
    picked = []
    for spec in filter(None, opts.get("--share", "").split(",")):
        check, k = spec.split(":")
        pool = [f for f in findings if f["check"] == check]
        picked += rng.sample(pool, min(int(k), len(pool)))
    # --checks=term-missing,term-kept: draw only from these checks.
    only = set(filter(None, opts.get("--checks", "").split(",")))
    if only:
        findings = [f for f in findings if f["check"] in only]
    rest_pool = [f for f in findings if f not in picked]
    picked += rng.sample(rest_pool, max(0, int(n) - len(picked)))
    picked.sort(key=lambda f: (f["line"], f["column"]))
    for k, f in enumerate(picked, 1):
        s, t = lines[f["line"]]
        print(f"#{k} line {f['line']} {f['check']} [{f['in']} col {f['column']} len {f['length']}]")
        print(f"  message: {f['message']}")
        print(f"  source: {s}")
        print(f"  target: {t}")


ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
ISO_ZH = Path("/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-1.mo")
# China and the regions the PRC's own usage counts as China's: their bodies are not foreign.
NOT_FOREIGN = {"CN", "HK", "MO", "TW"}


def countries(out_path):
    """The zh_CN names (short and common) of every ISO 3166-1 country but China's, one a line."""
    import gettext

    with open(ISO_ZH, "rb") as f:
        zh = gettext.GNUTranslations(f)
    rows = json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]
    lines = []
    for r in rows:
        if r["alpha_2"] in NOT_FOREIGN:
            continue
        names = []
        for key in ("name", "common_name"):
            if key in r:
                name = zh.gettext(r[key])
                # An untranslated name is English: no Chinese name for that country. 中非
                # (the Central African Republic) is far more often 中/非, "China–Africa".
                if name != r[key] and name not in names and not name.startswith("中"):
                    names.append(name)
        for name in names:
            lines.append(f"{r['alpha_2']}\t{name}")
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# alpha-2\tChinese name: generated by bench/check_data.py countries from Debian's\n")
        out.write("# iso-codes (ISO 3166-1, zh_CN translation); China, Hong Kong, Macao, Taiwan left out,\n")
        out.write("# and 中非 (Central African Republic), far more often 中/非 \"China–Africa\"\n")
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} names → {out_path}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    commands = {"beijing": beijing, "news": news, "tico": tico, "sample": sample}
    commands["countries"] = countries
    commands[cmd](*args)
