"""serve_supervisor.py: the supervisor desk of gongkai serve (issue 12
item 4, docs/server.md "Supervisor desk"): a multipart upload of many
reports (text, .docx, HTML, PDF, a broken one, a hostile one), the per-file
limit (413), duplicates by hash, the findings page with seed 000's known
error marked on its cell, the regional merge and its .docx/.xlsx downloads,
year-on-year continuity, near-copy pairs, the charts (ECharts served by
gongkai, the figures in a data attribute and as tables), delete and
replace (audited), hostile names and texts escaped. Run by
test_serve_supervisor.sh."""
import html
import http.client
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Server, check, connect, finish, run, text  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("GK_SOURCE_DIR", os.path.join(HERE, "..", ".."))
SEEDS = os.path.join(SRC, "tests", "data", "seeds")
G = os.environ["GONGKAI"]
tmp = tempfile.mkdtemp(prefix="gk_sup_")


def seed(n):
    for f in sorted(os.listdir(SEEDS)):
        if f.startswith(f"{n:03d}_"):
            return os.path.join(SEEDS, f)
    raise FileNotFoundError(n)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def multipart(fields, files):
    """fields: {name: value}; files: [(field, filename, bytes)]."""
    b = uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f"--{b}\r\nContent-Disposition: form-data; "
                  f"name=\"{k}\"\r\n\r\n{v}\r\n".encode())
    for field, name, data in files:
        # a browser sends the name as UTF-8 with " escaped as %22
        qn = name.replace('"', "%22").replace("\r", "").replace("\n", "")
        out.write(f"--{b}\r\nContent-Disposition: form-data; name=\"{field}\";"
                  f" filename=\"{qn}\"\r\nContent-Type: "
                  f"application/octet-stream\r\n\r\n".encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={b}"


def upload(c, path, files, csrf=True):
    body, ct = multipart({"csrf": c.csrf} if csrf else {}, files)
    return c.request("POST", path, body=body, raw=True,
                     headers={"Content-Type": ct})


# === inputs, made at test time ===
H = "<img src=x onerror=alert(2)>"
HNAME = '<script>alert(1)</script>"\'&amp;.txt'
s003 = read(seed(3)).decode()
lines = s003.split("\n")
hostile = "\n".join(["德惠市" + H + "机关事务管理局"] + lines[1:4] +
                    [lines[4] + "<script>alert(3)</script>"] + lines[5:])
# the same agency a year earlier whose carried-out does not meet 2020's
# carried-in (natural and total: 1 instead of 0)
older = s003.replace("2020", "2019").split("\n")
k = [i for i, x in enumerate(older) if "四、结转下年度继续办理" in x][0]
older[k + 1] = "\t1"
older[k + 7] = "\t1"
older = "\n".join(older)
for name, data in (("older.txt", older), ("hostile.txt", hostile)):
    with open(os.path.join(tmp, name), "w") as f:
        f.write(data)
docx = os.path.join(tmp, "s001.docx")
htm = os.path.join(tmp, "s004.html")
p = run("export", seed(1), "--to", "docx", "-o", docx)
check("export docx", p.returncode == 0, p.stderr)
p = run("export", seed(4), "--to", "html", "-o", htm)
check("export html", p.returncode == 0, p.stderr)
# a PDF of seed 003 (LibreOffice, as a real office would make one)
pdf_src = os.path.join(tmp, "s003.docx")
p = run("export", seed(3), "--to", "docx", "-o", pdf_src)
subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo",
                "--headless", "--convert-to", "pdf", "--outdir", tmp, pdf_src],
               capture_output=True, timeout=180)
pdf = os.path.join(tmp, "s003.pdf")
check("soffice made a PDF (libreoffice-writer-nogui)", os.path.exists(pdf))

srv = Server(extra=["--max-upload", "300000", "--max-upload-batch",
                    "3000000"],
             users=[("super1", "supervisor"), ("clerk1", "clerk")])
sup = srv.client()
# the desk's pages read every upload again (a PDF in a child process):
# seconds under the sanitizers on a loaded machine
sup.timeout = 300
r = sup.login("super1")
check("supervisor lands on the desk", r.header("Location") == "/supervisor",
      str(r.header("Location")))
r = sup.get("/supervisor")
check("desk page", r.status == 200 and 'enctype="multipart/form-data"' in
      r.body and "multiple" in r.body, r.body[-500:])

# === one batch: five seeds, docx, HTML, PDF, a broken file, a hostile one
batch = [("files", os.path.basename(seed(n)), read(seed(n)))
         for n in range(5)]
batch += [("files", "s001.docx", read(docx)),
          ("files", "s004.html", read(htm)),
          ("files", "s003.pdf", read(pdf) if os.path.exists(pdf) else b""),
          ("files", "broken.docx", b"PK\x03\x04" + b"\x00garbage" * 50),
          ("files", HNAME, hostile.encode()),
          ("files", "older.txt", older.encode())]
r = upload(sup, "/supervisor/upload", batch)
check("batch upload 200", r.status == 200, f"{r.status} {r.body[-800:]}")
t = text(r.body)
for _, name, _ in batch:
    check(f"result names {name!r}", name in t)
check("broken file: a clear message naming it",
      re.search(r"broken\.docx[^\n]*无法读取", t) is not None, t[-1500:])
check("seed 000 read with its error count",
      re.search(r"000_7a7af06b78520d01\.txt\s+已读取：满洲里市人民政府办公室 "
                r"2020 年度，错误 1 个", t) is not None, t[:3000])
check("the PDF was read", re.search(r"s003\.pdf\s+已读取：德惠市机关事务管理局",
                                    t) is not None, t[-2000:])
check("hostile name escaped in the result",
      "<script>alert(1)" not in r.body and H not in r.body and
      "&lt;script&gt;alert(1)&lt;/script&gt;" in r.body)

# the list: every upload, agency, year, format, counts
r = sup.get("/supervisor")
ids = dict((html.unescape(n), int(i)) for i, n in re.findall(
    r'<a href="/supervisor/report/(\d+)">([^<]*)</a>', r.body))
check("eleven uploads listed", len(ids) == 11, str(ids))
check("list escapes the hostile name and agency",
      "<script>alert(1)" not in r.body and H not in r.body and
      html.escape(H, quote=True) in r.body, r.body[-2000:])
row = re.search(r"s001\.docx</a></td><td>满洲里市统计局</td><td>2020</td>"
                r"<td>2019</td><td>docx</td><td>0</td>", r.body)
check("docx row: agency, year, template, format, errors", row is not None)
check("html and pdf formats listed",
      re.search(r"s004\.html</a></td><td>[^<]+</td><td>2020</td><td>2019</td>"
                r"<td>html</td>", r.body) is not None and
      re.search(r"s003\.pdf</a></td><td>[^<]+</td><td>2020</td><td>2019</td>"
                r"<td>pdf</td>", r.body) is not None)

# duplicates: the same bytes again are not stored twice
r = upload(sup, "/supervisor/upload",
           [("files", "again.txt", read(seed(0)))])
check("duplicate detected", r.status == 200 and "重复上传" in r.body and
      f'/supervisor/report/{ids["000_7a7af06b78520d01.txt"]}"' in r.body,
      r.body[-800:])
r = sup.get("/supervisor")
check("duplicate not listed", "again.txt" not in r.body)

# 413: one file over --max-upload (the batch under --max-upload-batch);
# nothing of that batch is stored
big = read(seed(2)) + b"\n" * 300001
r = upload(sup, "/supervisor/upload",
           [("files", "small.txt", read(seed(2)) + b"\n"),
            ("files", "big.txt", big)])
check("oversize file 413", r.status == 413 and "big.txt" in text(r.body),
      f"{r.status} {r.body[-600:]}")
r = sup.get("/supervisor")
check("nothing of the refused batch stored",
      "small.txt" not in r.body and "big.txt" not in r.body)
# a body over --max-upload-batch: 413 by its Content-Length
# (headers only: the server answers before the body, as it should)
sock = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
sock.sendall((f"POST /supervisor/upload HTTP/1.1\r\nHost: x\r\n"
              f"Cookie: gk_session={sup.cookies['gk_session']}\r\n"
              f"Content-Type: multipart/form-data; boundary=b\r\n"
              f"Content-Length: 3100000\r\n\r\n").encode())
status = sock.recv(4096).split(b"\r\n", 1)[0]
sock.close()
check("body over the batch limit 413", b" 413 " in status, str(status))
# the larger limit is the supervisor's only: a clerk keeps --max-body
clerk = srv.client()
clerk.login("clerk1")
r = upload(clerk, "/supervisor/upload", [("files", "a.txt", b"y" * 70000)])
check("clerk's large upload 413 (--max-body)", r.status == 413,
      str(r.status))
r = upload(clerk, "/supervisor/upload", [("files", "a.txt", b"y" * 100)])
check("clerk's small upload 403", r.status == 403, str(r.status))
# a PDF bomb: the reader's child stops at its memory limit, the upload is
# refused with that reason, and the server goes on
bomb = os.path.join(tmp, "bomb.pdf")
subprocess.run([sys.executable, os.path.join(HERE, "make_pdf.py"), "bomb",
                bomb], check=True, timeout=60)
r = upload(sup, "/supervisor/upload", [("files", "bomb.pdf", read(bomb))])
check("PDF bomb refused with the memory limit named",
      r.status == 200 and re.search(r"bomb\.pdf[^\n]*内存上限",
                                    text(r.body)) is not None,
      f"{r.status} {text(r.body)[-600:]}")
check("server still answers after the bomb",
      sup.get("/supervisor").status == 200)
# multipart without its boundary, and without the CSRF token
r = sup.request("POST", "/supervisor/upload", body=b"--x\r\n", raw=True,
                headers={"Content-Type": "multipart/form-data"})
check("multipart without boundary 400", r.status == 400, str(r.status))
r = upload(sup, "/supervisor/upload", [("files", "n.txt", b"z")],
           csrf=False)
check("upload without CSRF 403", r.status == 403, str(r.status))
r = upload(sup, "/supervisor/upload", [])
check("upload without files 400", r.status == 400, str(r.status))

# === findings: seed 000's 总计 cell of row （七）总计 marked, text beside
r = sup.get(f"/supervisor/report/{ids['000_7a7af06b78520d01.txt']}")
check("report page", r.status == 200)
check("apply.total.total marked as an error",
      '<td id="c-apply-total-total" class="cell-err">0</td>' in r.body,
      r.body[:200])
marked = re.findall(r'<td id="c-[^"]+" class="cell-err">', r.body)
check("only that cell is an error", len(marked) == 1, str(marked))
note = re.search(r'<td id="c-apply-total-total" class="cell-err">0</td></tr>'
                 r'<tr class="note-err"><td colspan="8">([^<]*)</td>', r.body)
check("the finding's text next to the cell",
      note is not None and "apply-cell" in note.group(1) and
      "应为 3" in note.group(1), note.group(1) if note else r.body[-3000:])
check("finding list links to the cell",
      'href="#c-apply-total-total"' in r.body)
check("blank cells marked as warnings",
      '<td id="c-apply-granted-business" class="cell-warn">' in r.body)
r = sup.get(f"/supervisor/report/{ids['broken.docx']}")
check("broken upload's page says why", r.status == 200 and
      "broken.docx" in text(r.body) and "无法读取" in text(r.body))
r = sup.get(f"/supervisor/report/{ids[HNAME]}")
check("hostile report page escaped", r.status == 200 and
      "<script>alert" not in r.body and H not in r.body and
      html.escape(H, quote=True) in r.body)
check("unknown upload 404", sup.get("/supervisor/report/99999").status == 404)
check("bad id 404", sup.get("/supervisor/report/x1").status == 404)

# === merge of 2020, downloads
r = sup.get("/supervisor/merge?year=2020")
t = text(r.body)
check("merge page", r.status == 200 and "2020 年度：汇总" in t, t[-1500:])
left = re.search(r"000_7a7af06b78520d01\.txt\s+([^\n]*apply-cell[^\n]*)", t)
check("seed 000 left out for its error", left is not None, t[-2000:])
r = sup.get("/supervisor/merge/2020.docx")
check("merge .docx", r.status == 200 and "wordprocessingml" in
      (r.header("Content-Type") or ""), str(r.status))
mdocx = os.path.join(tmp, "merge.docx")
conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=120)
conn.request("GET", "/supervisor/merge/2020.docx", headers={
    "Cookie": "; ".join(f"{k}={v}" for k, v in sup.cookies.items())})
data = conn.getresponse().read()
with open(mdocx, "wb") as f:
    f.write(data)
try:
    with zipfile.ZipFile(mdocx) as z:
        ET.fromstring(z.read("word/document.xml"))
    ok = True
except Exception as e:  # noqa: BLE001
    ok = False
    print("docx:", e)
check("merge .docx is a well-formed .docx", ok)
p = run("parse", "-f", "json", mdocx)
merged = json.loads(p.stdout) if p.returncode in (0, 1) else {}
# the sum of the 2020 reports merged (000 has an error: left out)
want = 0
for path in (seed(1), seed(3), seed(4), docx, htm, pdf,
             os.path.join(tmp, "hostile.txt")):
    q = run("parse", "-f", "json", path)
    want += json.loads(q.stdout)["tables"]["apply"]["new"]["total"]
check("merged apply.new.total is the sum",
      merged.get("tables", {}).get("apply", {}).get("new", {}).get("total")
      == want, f"{merged.get('tables', {}).get('apply', {}).get('new')} "
               f"want {want}")
conn.request("GET", "/supervisor/merge/2020.xlsx", headers={
    "Cookie": "; ".join(f"{k}={v}" for k, v in sup.cookies.items())})
resp = conn.getresponse()
xdata = resp.read()
check("merge .xlsx 200", resp.status == 200)
mx = os.path.join(tmp, "merge.xlsx")
with open(mx, "wb") as f:
    f.write(xdata)
csvp = os.path.join(tmp, "merge.csv")
p = run("export", mdocx, "--to", "csv", "-o", csvp)
q = subprocess.run([sys.executable, os.path.join(HERE, "xlsx_cells.py"), mx,
                    csvp], capture_output=True, text=True, timeout=60)
check("merge .xlsx well-formed and equal to the .docx's cells",
      q.returncode == 0, q.stdout + q.stderr)
check("merge of a year without reports: 404",
      sup.get("/supervisor/merge/2015.docx").status == 404)
check("merge bad file name: 400",
      sup.get("/supervisor/merge/2020.pdf").status == 400)

# === year on year: 德惠 2019 (older.txt) against 2020 (seed 003)
r = sup.get("/supervisor/compare")
t = text(r.body)
check("compare page", r.status == 200 and "2019 → 2020 年度" in t, t[-1500:])
p = run("compare", os.path.join(tmp, "older.txt"), seed(3))
n_cli = len(re.findall(r"error\[carried-over\]", p.stdout))
n_page = len(re.findall(r"错误\[carried-over\]", t))
check("carried-over findings as the CLI's", n_cli == 2 and n_page >= n_cli,
      f"cli {n_cli} page {n_page}")
check("single-year agencies said so", "无从比较" in t)

# === near-copies: seed 003's text and its PDF
r = sup.get("/supervisor/similar")
t = text(r.body)
pair = re.search(r"003_f5d5ef7bb5443bb4\.txt[^\n]*s003\.pdf|s003\.pdf[^\n]*"
                 r"003_f5d5ef7bb5443bb4\.txt", t)
check("similar: the text and the PDF of one report paired",
      r.status == 200 and pair is not None, t[-2000:])
check("similar page escapes", "<script>alert" not in r.body and
      H not in r.body)
check("similar bad threshold 400",
      sup.get("/supervisor/similar?threshold=2").status == 400)

# === charts: ECharts from gongkai itself, figures in a data attribute
r = sup.get("/supervisor/charts")
csp = r.header("Content-Security-Policy") or ""
check("charts CSP allows scripts from self only",
      "script-src 'self'" in csp and "unsafe-inline" not in csp, csp)
check("no inline script", re.search(r"<script>", r.body) is None and
      re.search(r"<script(?![^>]*\bsrc=)", r.body) is None)
check("echarts and the desk's script referenced",
      '<script src="/static/echarts.min.js"></script>' in r.body and
      '<script src="/static/supervisor.js"></script>' in r.body)
m = re.search(r'id="chart-agency" data-chart="([^"]*)"', r.body)
chart = json.loads(html.unescape(m.group(1))) if m else {}
rec = chart.get("series", [{}])[0]
cats = chart.get("categories", [])
check("chart data: one category per report of a known year",
      len(cats) == 10 and rec.get("name") == "收到申请", str(cats))
# the table shows the same figures as the chart
first_row = re.search(r"<tr><th>([^<]*)</th><td>(\d+)</td>", r.body)
check("table row equals the chart's first category",
      first_row is not None and html.unescape(first_row.group(1)) == cats[0]
      and int(first_row.group(2)) == rec["data"][0])
m = re.search(r'id="chart-year" data-chart="([^"]*)"', r.body)
by_year = json.loads(html.unescape(m.group(1))) if m else {}
check("by year: 2019, 2020, 2021", by_year.get("categories") ==
      ["2019", "2020", "2021"], str(by_year.get("categories")))
y2020 = by_year["series"][0]["data"][1] if by_year else None
want2020 = want + json.loads(run("parse", "-f", "json", seed(0)).stdout)[
    "tables"]["apply"]["new"]["total"]
check("2020 received = every 2020 report's apply.new.total",
      y2020 == want2020, f"{y2020} want {want2020}")
check("hostile agency escaped in the data attribute",
      H not in r.body and "<img" not in r.body)
r = sup.get("/static/echarts.min.js")
check("echarts.min.js served by gongkai", r.status == 200 and
      "javascript" in (r.header("Content-Type") or "") and
      len(r.body) > 500000 and "echarts" in r.body[:2000])
r = sup.get("/static/supervisor.js")
check("the desk's script", r.status == 200 and "data-chart" in r.body)
r = sup.get("/supervisor")
check("other pages keep the script-free CSP",
      "script-src" not in (r.header("Content-Security-Policy") or ""))

# === replace and delete, audited
bid = ids["broken.docx"]
body, ct = multipart({"csrf": sup.csrf}, [("file", "fixed.txt",
                                           read(seed(2)) + b"\n\n")])
r = sup.request("POST", f"/supervisor/report/{bid}/replace", body=body,
                raw=True, headers={"Content-Type": ct})
check("replace 303", r.status == 303 and r.header("Location") ==
      f"/supervisor/report/{bid}", f"{r.status} {r.body[-400:]}")
r = sup.get(f"/supervisor/report/{bid}")
check("replaced upload read", "fixed.txt" in r.body and
      "南区街道办事处" in r.body)
body, ct = multipart({"csrf": sup.csrf}, [("file", "dup.txt",
                                           read(seed(1)))])
r = sup.request("POST", f"/supervisor/report/{bid}/replace", body=body,
                raw=True, headers={"Content-Type": ct})
check("replace by a duplicate refused", r.status == 409, str(r.status))
hid = ids[HNAME]
r = sup.post(f"/supervisor/report/{hid}/delete", {})
check("delete 303", r.status == 303, str(r.status))
check("deleted upload gone",
      sup.get(f"/supervisor/report/{hid}").status == 404)
check("stops", srv.stop() == 0)
db = connect(srv.db)
acts = [a for (a,) in db.execute(
    "SELECT action FROM srv_audit WHERE actor = 'super1' ORDER BY id")]
check("audit: uploads, replace, delete",
      acts.count("sup-upload") == 12 and "sup-replace" in acts and
      "sup-delete" in acts, str(acts))
n = db.execute("SELECT count(*) FROM srv_sup_uploads").fetchone()[0]
check("eleven uploads remain", n == 11, str(n))
db.close()

# === gongkai serve desk add: the same storing without a browser
p = run("serve", "desk", "add", "--db", srv.db, "--name", "super1", seed(0),
        os.path.join(tmp, "older.txt") + ".missing")
check("desk add: a missing file exit 2, the duplicate said",
      p.returncode == 2 and "older.txt.missing" in p.stderr and
      "内容相同" in p.stderr, p.stderr)
broken = os.path.join(tmp, "broken2.txt")
with open(broken, "w") as f:
    f.write("这不是一份年度报告。\n")
p = run("serve", "desk", "add", "--db", srv.db, "--name", "super1", broken,
        os.path.join(tmp, "hostile.txt"))
check("desk add: unreadable stored with its message (exit 2), the other "
      "taken", p.returncode == 2 and "broken2.txt" in p.stderr and
      "无法读取" in p.stderr and "hostile.txt：已读取" in p.stderr, p.stderr)
p = run("serve", "desk", "add", "--db", srv.db, "--name", "clerk1", broken)
check("desk add as a non-supervisor: usage error",
      p.returncode == 2 and "supervisor" in p.stderr, p.stderr)
db = connect(srv.db)
n = db.execute("SELECT count(*) FROM srv_sup_uploads").fetchone()[0]
check("desk add stored two", n == 13, str(n))
db.close()

# === without echarts.min.js: the same figures as tables, no script
os.environ["GONGKAI_ECHARTS_JS"] = os.path.join(tmp, "absent.js")
srv2 = Server(db=srv.db)
c2 = srv2.client()
c2.login("super1")
r = c2.get("/supervisor/charts")
check("no ECharts: tables only, no script, the script-free CSP",
      r.status == 200 and "<script" not in r.body and "未随本服务器安装" in
      r.body and 'id="chart-year"' in r.body and "script-src" not in
      (r.header("Content-Security-Policy") or ""))
check("no ECharts: /static/echarts.min.js 404",
      c2.get("/static/echarts.min.js").status == 404)
check("second server stops", srv2.stop() == 0)
shutil.rmtree(tmp, ignore_errors=True)
finish("serve-supervisor")
