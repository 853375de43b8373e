#!/usr/bin/env bash
# gongkai serve --reports DIR (issue 12 item 1): the annual reports the agency
# published are its public reports for their years — page, .docx, .xlsx and
# the file as published — while the other years come from the ledger; a DIR
# that is not one, a file that is no report, a year outside 2019..last year
# or two files of one year stop the start with exit 2 naming the file.
set -euo pipefail
exec timeout 300 python3 - "$@" <<'PY'
import os, shutil, sys, tempfile, time
sys.path.insert(0, os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "cli"))
from serve_lib import Server, check, finish, new_ledger, run, text

seeds = os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "data", "seeds")
tmp = tempfile.mkdtemp()
pub = os.path.join(tmp, "published")
os.mkdir(pub)
# 2021's report of 南区街道办事处 (seed 002), under a name with markup
hostile = "2021年报<b>.txt"
shutil.copy(os.path.join(seeds, "002_1940b8663137bb43.txt"),
            os.path.join(pub, hostile))
original = open(os.path.join(pub, hostile), encoding="utf-8").read()

s = Server(extra=["--reports", pub])
c = s.client()
r = c.get("/reports")
check("list: 2021 offers the original", r.status == 200 and
      'href="/reports/2021/original"' in r.body, r.body[-1500:])
check("list: 2020 has no original", 'href="/reports/2020/original"' not in
      r.body)
r = c.get("/reports/2021")
t = text(r.body)
check("2021: the published report, named as such", r.status == 200 and
      "本机关已公开的报告原件" in t and "南区街道办事处" in t, t[:500])
check("2021: the file name escaped", "2021年报&lt;b&gt;.txt" in r.body and
      "<b>.txt" not in r.body)
check("2021: its table 三 as published (seed 002's 收到申请 total)",
      'id="c-apply-new-total"' in r.body, r.body[:300])
r = c.get("/reports/2020")
t = text(r.body)
check("2020: from the ledger (no original that year)", r.status == 200 and
      "本机关已公开的报告原件" not in t and "某县人民政府办公室" in t, t[:300])
r = c.get("/reports/2021/original")
check("original: the bytes as published", r.status == 200 and
      r.body == original and "attachment" in (r.header(
          "Content-Disposition") or ""), (r.status, len(r.body), len(original)))
check("original: never rendered as a page",
      (r.header("Content-Type") or "").startswith("text/plain"))
r = c.get("/reports/2020/original")
check("original of a ledger year: 404", r.status == 404, r.status)
r = c.get("/reports/2021.docx")
check("2021.docx from the published report", r.status == 200 and
      r.body[:2] == "PK", (r.status, r.body[:4]))
check("stops cleanly", s.stop() == 0)

# the same report read by the CLI gives the same 收到申请 total
p = run("export", os.path.join(pub, hostile), "--to", "csv")
row = [l for l in p.stdout.splitlines() if ",apply,new,total," in l]
check("CLI reads the same file", p.returncode == 0 and row, p.stderr)


def start_fails(extra, needle):
    d = tempfile.mkdtemp()
    db, _ = new_ledger(d, agency="某局", level="department", name="o.db")
    p = run("serve", "--db", db, "--listen", "127.0.0.1:0", *extra)
    return p.returncode == 2 and needle in p.stderr, (p.returncode, p.stderr)


check("not a directory: exit 2",
      *start_fails(["--reports", os.path.join(tmp, "nope")], "nope"))
bad = os.path.join(tmp, "bad")
os.mkdir(bad)
open(os.path.join(bad, "notes.txt"), "w").write("这不是年度报告\n")
check("not a report: exit 2 naming the file",
      *start_fails(["--reports", bad], "notes.txt"))
two = os.path.join(tmp, "two")
os.mkdir(two)
for n in ("a.txt", "b.txt"):
    shutil.copy(os.path.join(seeds, "001_eb4955ec489c8a4e.txt"),
                os.path.join(two, n))
check("two reports of 2020: exit 2 naming both",
      *start_fails(["--reports", two], "a.txt 与 b.txt"))
shutil.rmtree(tmp, ignore_errors=True)
finish("serve-reports")
PY
