#!/usr/bin/env python3
"""unseen_inputs.py: reports as no one here has seen them, made from real ones.

Usage: unseen_inputs.py GONGKAI WORKDIR SEED TEXT...

From every TEXT (the corpus's pages, the seeds) it makes, with a random
generator seeded by SEED (printed, so a failure can be replayed):
- re-laid: full-width digits, CRLF, GB18030, UTF-16 LE/BE with BOM: the same
  metadata and cells as the original;
- truncated at random bytes (also inside a character), in UTF-8, GB18030
  and UTF-16: exit 2 with the file named (never when the cut keeps a
  title naming an annual disclosure report), or read with every table and
  section the cut removed named by a finding (truncated, missing-table,
  missing-section, missing-row) and no cell of a complete row changed;
- typo'd labels (one character replaced or dropped) and Traditional
  characters: every cell as the original, or its row named by an error
  finding (missing-row, row-cell-count, ambiguous-cells);
- blank cells vanished (a table 三 row of a text with a cell a line that
  keeps two values or more: some or all of its 0 cells deleted, as a page
  drops empty cells): every cell as the original, or its row named by an
  error finding (the sums place the values, or the row is said);
- glued (the text followed by the next one): the first read as alone, with
  one glued-report finding.
Checks run through `gongkai check --format json` (reader and checker
findings). Prints a line per failure and totals; exit 1 on any failure.
"""
import json, os, random, subprocess, sys

gk, work, seed, texts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
rnd = random.Random(seed)
os.makedirs(work, exist_ok=True)
FW = str.maketrans("0123456789", "０１２３４５６７８９")
# characters of the template's labels and their Traditional forms
T2S = ("發发數数資资訊讯處处與与開开請请復复議议訟讼門门關关機机書书報报條条"
       "結结轉转續续辦办項项會会產产業业組组織织務务權权屬属類类護护確确認认"
       "獲获據据為为對对規规範范許许證证費费專专經经濟济應应")
S2T = {s: t for t, s in zip(T2S[0::2], T2S[1::2])}
LABELS = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量",
          "予以公开", "属于国家秘密", "其他法律行政法规禁止公开",
          "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息",
          "属于行政执法案卷", "属于行政查询事项", "本机关不掌握相关政府信息",
          "没有现成信息需要另行制作", "补正后申请内容仍不明确",
          "信访举报投诉类申请", "要求提供公开出版物", "无正当理由大量反复申请",
          "结转下年度继续办理", "行政规范性文件"]
SAID = {"missing-row", "row-cell-count", "ambiguous-cells", "missing-table",
        "truncated", "bad-number"}
n_case = n_fail = 0


def check(data, name):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data)
    p = subprocess.run([gk, "check", "--format", "json", "-q", path],
                       capture_output=True, timeout=60)
    rep = None
    if p.stdout.strip():
        rep = json.loads(p.stdout.decode().splitlines()[0])
    return p.returncode, rep, p.stderr.decode(errors="replace"), path


def cells(rep):
    return {(t, r, c): v for t, rows in rep["tables"].items()
            for r, cs in rows.items() for c, v in cs.items()}


def named(rep, rules):
    return {(f.get("table"), f.get("row")) for f in rep["findings"]
            if f["rule"] in rules}


def fail(what):
    global n_fail
    n_fail += 1
    print("FAIL", what)


for t in texts:
    base = os.path.basename(t)
    s = open(t, encoding="utf-8").read()
    rc0, ref, _, _ = check(s.encode(), "ref.txt")
    want = cells(ref)
    meta = lambda r: tuple(r.get(k) for k in ("agency", "year", "date"))

    relaid = {"fullwidth-digits": s.translate(FW).encode(),
              "crlf": s.replace("\n", "\r\n").encode(),
              "gb18030": s.encode("gb18030"),
              "utf16le": b"\xff\xfe" + s.encode("utf-16-le"),
              "utf16be": b"\xfe\xff" + s.encode("utf-16-be")}
    for kind, data in relaid.items():
        n_case += 1
        rc, rep, err, _ = check(data, "relaid.txt")
        if rep is None:
            fail(f"{base} {kind}: unreadable: {err[:120]}")
        elif cells(rep) != want or meta(rep) != meta(ref):
            fail(f"{base} {kind}: cells or metadata differ")

    # where the title (…公开…年度报告, on the first lines) ends, 0: none
    head = s[:300]
    titled = head.find("年度报告") + 4 if "年度报告" in head and \
        "公开" in head[:head.find("年度报告")] else 0
    for enc in ("utf-8", "gb18030", "utf-16"):
        data = s.encode(enc)
        for _ in range(4):
            n_case += 1
            cut = rnd.randrange(len(data) // 10, len(data))
            rc, rep, err, path = check(data[:cut], "cut.txt")
            if rep is None:
                if rc != 2 or path not in err:
                    fail(f"{base} {enc} cut {cut}: exit {rc}, {err[:120]}")
                elif titled and cut >= len(s[:titled].encode(enc)):
                    # an excerpt that keeps its title is still a report
                    fail(f"{base} {enc} cut {cut}: refused, title kept")
                continue
            got, told = cells(rep), named(rep, SAID | {"missing-section"})
            tables_told = {tb for tb, _ in told}
            for k, v in want.items():
                if got.get(k) != v and (k[0], k[1]) not in told \
                        and k[0] not in tables_told \
                        and (None, None) not in told:
                    fail(f"{base} {enc} cut {cut}: {k} {got.get(k)} != {v}, "
                         "no finding names it")
                    break

    for lab in LABELS:
        if lab not in s:
            continue
        k = rnd.randrange(1, len(lab) - 1)
        forms = {"replaced": lab[:k] + "某" + lab[k + 1:],
                 "dropped": lab[:k] + lab[k + 1:],
                 "traditional": "".join(S2T.get(c, c) for c in lab)}
        for kind, v in forms.items():
            if v == lab:
                continue
            n_case += 1
            rc, rep, err, _ = check(s.replace(lab, v).encode(), "typo.txt")
            if rep is None:
                fail(f"{base} label {v} ({kind}): unreadable: {err[:120]}")
                continue
            got, told = cells(rep), named(rep, SAID)
            bad = [x for x, val in want.items()
                   if got.get(x) != val and (x[0], x[1]) not in told]
            if bad:
                fail(f"{base} label {v} ({kind}): {bad[:2]} changed silently")

    # table 三's rows in a text with a cell a line: a label line, then
    # seven lines of one value each
    lines = s.split("\n")
    rows = []
    for i, ln in enumerate(lines):
        if not any(lab in ln for lab in LABELS[:16]):
            continue
        vals = lines[i + 1:i + 8]
        if len(vals) == 7 and all(v.strip().isdigit() for v in vals):
            nz = [j for j, v in enumerate(vals) if v.strip() != "0"]
            if len(nz) >= 2 and len(nz) < 7:
                rows.append((i, [j for j in range(7) if j not in nz]))
    for i, zeros in rnd.sample(rows, min(3, len(rows))):
        for gone in (zeros, rnd.sample(zeros, rnd.randrange(1, len(zeros) + 1))):
            n_case += 1
            cut = [ln for k, ln in enumerate(lines)
                   if not (i < k <= i + 7 and k - i - 1 in gone)]
            rc, rep, err, _ = check("\n".join(cut).encode(), "blanks.txt")
            if rep is None:
                fail(f"{base} line {i + 1} without {gone}: unreadable")
                continue
            got, told = cells(rep), named(rep, SAID)
            bad = [x for x, val in want.items()
                   if got.get(x) != val and (x[0], x[1]) not in told]
            if bad:
                fail(f"{base} line {i + 1} without cells {gone}: {bad[:2]} "
                     "changed silently")

    other = texts[(texts.index(t) + 1) % len(texts)]
    o = open(other, encoding="utf-8").read()
    for sep in ("\n", "\n\n"):
        n_case += 1
        rc, rep, err, _ = check((s + sep + o).encode(), "glued.txt")
        if rep is None:
            fail(f"{base} + {os.path.basename(other)}: unreadable {err[:100]}")
            continue
        glued = [f for f in rep["findings"] if f["rule"] == "glued-report"]
        if cells(rep) != want or meta(rep) != meta(ref) or len(glued) != 1:
            fail(f"{base} + {os.path.basename(other)}: cells/metadata differ "
                 f"or {len(glued)} glued-report findings")

print(f"unseen_inputs seed {seed}: {n_case} inputs, {n_fail} failed")
sys.exit(1 if n_fail else 0)
