#!/usr/bin/env python3
"""score_layout.py: cells read right per input and per layout transformation.

Usage: tools/score_layout.py GONGKAI CORPUS_DIR [SEED_FILE...]

For each corpus file with an expected/NAME.json (../shared/corpus), and each
transformation of the text-like ones (join lines, strip spaces and tabs, tabs
to spaces, hard wrap at 20-40 characters, page navigation and footer, the
table header repeated after a page break), prints cells read right / cells
in the expected file, and the error findings. Seeds (no expected file) are
scored against their own untransformed reading. Exit 1 when a corpus file,
in any form, falls short of its expected cells or has error findings other
than ambiguous-cells (the ambiguity the README asks for); when a seed joined,
wrapped, framed by navigation or with its header repeated reads other cells
or verdicts; or when any transformation changes a cell silently (no error
finding says the layout was ambiguous).
"""
import json, os, random, subprocess, sys, tempfile

def parse(gk, path):
    p = subprocess.run([gk, "parse", path], capture_output=True)
    if p.returncode not in (0, 1) or not p.stdout.strip():
        return None
    return json.loads(p.stdout.decode().splitlines()[0])

def errors(rep):
    return sorted(f["rule"] for f in rep.get("findings", [])
                  if f["severity"] == "error")

def score(rep, expected):
    right = total = 0
    for t, rows in expected.items():
        for r, cells in rows.items():
            for c, v in cells.items():
                total += 1
                got = (rep or {}).get("tables", {}).get(t, {}).get(r, {}).get(c)
                if got is not None and abs(got - v) < 1e-9:
                    right += 1
    return right, total

NAV = "首页 > 政务公开 > 政府信息公开 > 年度报告\n当前位置：首页 > 政务公开\n打印本页 关闭窗口\n"
FOOT = "\n主办单位：人民政府办公室 版权所有 网站标识码3500000000 备案号12345678号\n联系电话：0591-12345678\n"
HEADER = ("\n- 3 -\n申请人情况\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
          "\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n")

def wrap(text, rnd):
    out = []
    for line in text.split("\n"):
        w = rnd.randint(20, 40)
        while len(line) > w:
            out.append(line[:w]); line = line[w:]
        out.append(line)
    return "\n".join(out)

def repeat_header(text):
    i = text.find("（四）无法提供")
    return text if i < 0 else text[:i] + HEADER + text[i:]

TRANSFORMS = [
    ("orig", lambda t, r: t),
    ("join", lambda t, r: t.replace("\r", "").replace("\n", "")),
    ("nospace", lambda t, r: t.replace("\t", "").replace(" ", "").replace("\u3000", "")),
    ("tab2sp", lambda t, r: t.replace("\t", "    ")),
    ("wrap", lambda t, r: wrap(t, r)),
    ("navfoot", lambda t, r: NAV + t + FOOT),
    ("header", lambda t, r: repeat_header(t)),
]

def main():
    gk, corpus = sys.argv[1], sys.argv[2]
    seeds = sys.argv[3:]
    bad = 0
    rnd = random.Random(20261207)
    names = sorted(os.listdir(os.path.join(corpus, "expected")))
    print("%-22s %-8s %-10s %s" % ("file", "form", "cells", "errors"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            exp = json.load(open(os.path.join(corpus, "expected", n)))
            path = os.path.join(corpus, exp["file"])
            text_like = path.endswith(".txt")
            forms = TRANSFORMS if text_like else TRANSFORMS[:1]
            for name, fn in forms:
                p = path
                if name != "orig":
                    p = os.path.join(tmp, name + "_" + os.path.basename(path))
                    with open(path, encoding="utf-8") as f:
                        open(p, "w", encoding="utf-8").write(fn(f.read(), rnd))
                rep = parse(gk, p)
                right, total = score(rep, exp["tables"])
                errs = errors(rep) if rep else ["UNREADABLE"]
                other = [e for e in errs if e != "ambiguous-cells"]
                print("%-22s %-8s %4d/%-5d %s" % (n[:-5], name, right, total,
                      ",".join(sorted(set(errs))) or "-"))
                if right < total or other:
                    bad = 1
        for s in seeds:
            base = parse(gk, s)
            text = open(s, encoding="utf-8").read()
            ref = {t: {r: dict(c) for r, c in rows.items()}
                   for t, rows in base["tables"].items()}
            for name, fn in TRANSFORMS[1:]:
                p = os.path.join(tmp, name + "_" + os.path.basename(s))
                open(p, "w", encoding="utf-8").write(fn(text, rnd))
                rep = parse(gk, p)
                right, total = score(rep, ref)
                same = rep is not None and errors(rep) == errors(base)
                keeps_blanks = name in ("join", "wrap", "navfoot", "header")
                if keeps_blanks and (right < total or not same):
                    bad = 1
                if right < total and (rep is None or len(errors(rep)) <= len(errors(base))):
                    bad = 1  # a changed cell no finding explains
                print("%-22s %-8s %4d/%-5d %s" % (os.path.basename(s)[:22], name,
                      right, total, "same verdict" if same else
                      ",".join(errors(rep)) if rep else "UNREADABLE"))
    return bad

if __name__ == "__main__":
    sys.exit(main())
