#!/usr/bin/env python3
"""Prepares the real-data runs of `concord check` (docs/check-evaluation.md) and samples their
findings for reading by hand. Standard library only.

    check_data.py beijing OUT.tsv      the 2008 Beijing titles draft as a concord long-layout TSV
    check_data.py news OUT_DIR         the WMT zh→en CSVs as news.zh-en.tsv and news.en-zh.tsv
    check_data.py countries OUT.tsv    the Chinese names of the countries other than China, from
                                       Debian's iso-codes (ISO 3166-1 and its zh_CN translation),
                                       as src/check/foreign_countries.tsv
    check_data.py subdivisions OUT.tsv the Chinese names of the subdivisions (ISO 3166-2) of those
                                       countries, cleaned by rule (see `subdivisions`), as
                                       src/check/foreign_subdivisions.tsv
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


ISO_SUB = Path("/usr/share/iso-codes/json/iso_3166-2.json")
ISO_SUB_ZH = Path("/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-2.mo")
# Countries whose places are named in Chinese characters by their own reading: their names
# coincide with China's places (Vietnam's Hà Nam is 河南省, Thái Nguyên 太原省, Hưng Yên 兴安省).
SINOGRAPHIC = {"VN", "KR", "KP"}
# The administrative word a subdivision's name may end with; the name without it is kept too
# (加利福尼亚 of 加利福尼亚州), when three characters or more are left.
SUB_SUFFIX = ("特区", "大区", "地区", "州", "省", "郡", "邦", "县", "府", "区", "市")
# A name that opens with a direction or 中 is a common phrase of Chinese (西北地区, China's
# north-west; 北部省; 中日德兰 reads 中日, China and Japan).
DIRECTION = ("东北", "西北", "东南", "西南", "东部", "西部", "南部", "北部", "中部",
             "东方", "西方", "南方", "北方", "中")
PLACE_TAGS = {"ns", "nr", "nrt", "nz", "nt"}


def jieba_dictionary():
    """jieba's own dictionary (word → tag), from the jieba-rs crate in Cargo's registry."""
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    found = sorted(home.glob("registry/src/*/jieba-rs-*/src/data/dict.txt"))
    if not found:
        sys.exit("jieba-rs's dict.txt not found under $CARGO_HOME/registry: run cargo fetch first")
    words = {}
    for line in found[-1].read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            words[parts[0]] = parts[2]
    return words


def subdivisions(out_path):
    """The zh_CN names of the subdivisions (ISO 3166-2) of the countries other than China,
    cleaned by rule so that a name found in a Chinese text is that foreign place."""
    import gettext

    with open(ISO_SUB_ZH, "rb") as f:
        zh = gettext.GNUTranslations(f)
    rows = json.loads(ISO_SUB.read_text(encoding="utf-8"))["3166-2"]
    words = jieba_dictionary()
    china_stems = set()
    for r in rows:
        if r["code"][:2] in NOT_FOREIGN:
            name = zh.gettext(r["name"])
            china_stems.add(strip_suffix(name))
            china_stems.add(name)
    kept, dropped = {}, {}
    for r in rows:
        country = r["code"][:2]
        name = zh.gettext(r["name"])
        if country in NOT_FOREIGN or name == r["name"]:
            continue  # China's own, or no Chinese name
        for n in dict.fromkeys([name, strip_suffix(name)]):
            why = sub_unfit(n, country, words, china_stems)
            if why:
                dropped.setdefault(n, why)
            else:
                kept.setdefault(n, r["code"])
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# code\tChinese name: generated by bench/check_data.py subdivisions from Debian's\n")
        out.write("# iso-codes (ISO 3166-2, zh_CN translation), subdivisions of countries other than\n")
        out.write("# China (CN, HK, MO, TW left out), each name also without its administrative word\n")
        out.write("# (州, 省, 郡…) when three characters are left. Left out by rule: names under three\n")
        out.write("# characters (中部, 黑河, 马里), Vietnam's and Korea's (read as China's places: 河南省),\n")
        out.write("# names opening with a direction or 中 (西北地区), names that are China's own\n")
        out.write("# subdivisions' names, and names jieba's dictionary has as a common word (玻璃市's 玻璃)\n")
        for n, code in kept.items():
            out.write(f"{code}\t{n}\n")
    reasons = {}
    for why in dropped.values():
        reasons[why] = reasons.get(why, 0) + 1
    print(f"{len(kept)} names → {out_path}; left out: {reasons}")


def strip_suffix(name):
    for s in SUB_SUFFIX:
        if name.endswith(s) and len(name) - len(s) >= 3:
            return name[: -len(s)]
    return name


def sub_unfit(name, country, words, china_stems):
    """Why a subdivision's name is left out, or None."""
    if len(name) < 3:
        return "under three characters"
    if country in SINOGRAPHIC:
        return "a country naming its places in Chinese characters"
    if name.startswith(DIRECTION):
        return "opens with a direction or 中"
    if name in china_stems:
        return "a name of China's own subdivisions"
    for n in (name, strip_suffix(name)):
        if n in words and words[n] not in PLACE_TAGS:
            return "a common word in jieba's dictionary"
    return None


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    commands = {"beijing": beijing, "news": news, "tico": tico, "sample": sample}
    commands["countries"] = countries
    commands["subdivisions"] = subdivisions
    commands[cmd](*args)
