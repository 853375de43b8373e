"""serve_letters.py: gongkai serve's notice letters, void and revoke in the
console, and the reminders' page (issue 12 item 3; docs/server.md):
status, content and escaping of each letter (HTML and .docx), 404 for a
letter whose step did not happen, the head's void and revoke, the digest
without personal data, and --letters DIR (a broken template stops the
start). Run by test_serve_letters.sh."""
import datetime
import io
import os
import sys
import xml.dom.minidom
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import (Server, check, connect, finish, run,  # noqa: E402
                       text)

# the ledger's today is China's
today = datetime.datetime.now(
    datetime.timezone(datetime.timedelta(hours=8))).date()
iso = datetime.date.isoformat
HOSTILE = "<script>alert('x')</script>&amp;\"{{ref}}"

srv = Server(users=[("clerk1", "clerk"), ("head1", "head"),
                    ("rev1", "reviewer")])
srv.stop()
db = srv.db


def cli(*args):
    p = run(*args)
    check(" ".join(args[:3]), p.returncode == 0, p.stderr[-500:])


cli("application", "add", "--db", db, "--ref", "L-1", "--type", "natural",
    "--channel", "in_person", "--arrived",
    iso(today - datetime.timedelta(days=3)), "--name", HOSTILE,
    "--description", HOSTILE, "--applicant-key", "11010519491231002X")
cli("application", "act", "--db", db, "L-1", "extend", "--on", iso(today),
    "--reason", HOSTILE, "--days", "10")
cli("application", "add", "--db", db, "--ref", "L-2", "--type", "natural",
    "--channel", "in_person", "--arrived", iso(today), "--name", "王五")
cli("application", "act", "--db", db, "L-2", "extend", "--on", iso(today),
    "--reason", "需要检索", "--days", "5")
# overdue: received more than 20 working days ago
cli("application", "add", "--db", db, "--ref", "L-3", "--type", "natural",
    "--channel", "in_person", "--arrived",
    iso(today - datetime.timedelta(days=60)), "--name", "赵六")

srv = Server(db=db)
clerk, head, rev = srv.client(), srv.client(), srv.client()
clerk.login("clerk1")
head.login("head1")
rev.login("rev1")

# --- the letters
r = clerk.get("/office/app/L-1/letter/receipt")
check("receipt 200", r.status == 200, r.status)
check("receipt is HTML", r.header("Content-Type").startswith("text/html"))
check("receipt: the title", "政府信息公开申请受理回执" in r.body)
check("receipt: no script, no markup from the applicant",
      "<script" not in r.body and "&lt;script&gt;" in r.body)
check("receipt: a placeholder in a value stays text", "{{ref}}" in r.body)
check("receipt: the ID number masked",
      "110***********002X" in r.body and "11010519491231002X" not in r.body)
check("receipt: the print stylesheet linked, no inline style (CSP)",
      'href="/static/letter.css"' in r.body and "<style" not in r.body)
check("receipt: the CSP as every page",
      "style-src 'self'" in (r.header("Content-Security-Policy") or ""))
check("receipt: not cached", "no-store" in (r.header("Cache-Control") or ""))
css = clerk.get("/static/letter.css")
check("letter.css", css.status == 200 and "@page" in css.body and
      css.header("Content-Type").startswith("text/css"))
r = rev.get("/office/app/L-1/letter/extension")
check("a reviewer reads the extension letter", r.status == 200 and
      "第三十三条第二款" in r.body and "延长10个工作日" in text(r.body))
c = head.request("GET", "/office/app/L-1/letter/extension?format=docx")
check("docx 200", c.status == 200, c.status)
check("docx content type", "wordprocessingml" in (c.header("Content-Type")
                                                   or ""))
check("docx attachment", "attachment" in (c.header("Content-Disposition")
                                          or ""))
# http.client decoded the body as text: fetch the bytes again
import http.client  # noqa: E402
h = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
h.request("GET", "/office/app/L-1/letter/extension?format=docx",
          headers={"Cookie": "; ".join(f"{k}={v}" for k, v in
                                       head.cookies.items())})
raw = h.getresponse().read()
h.close()
try:
    doc = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    dom = xml.dom.minidom.parseString(doc)
    words = "".join(t.firstChild.data for t in
                    dom.getElementsByTagName("w:t") if t.firstChild)
    check("docx: the letter's text", "延期答复告知书" in words and
          HOSTILE in words and "<script" not in doc, words[:300])
except Exception as e:  # noqa: BLE001
    check("docx: a zip with well-formed XML", False, repr(e))

r = clerk.get("/office/app/L-1/letter/answer")
check("no answer yet: 404", r.status == 404, r.status)
check("no answer yet: says why", "没有这一步" in text(r.body))
r = clerk.get("/office/app/L-1/letter/memo")
check("unknown kind: 404 naming the kinds", r.status == 404 and
      "没有这种告知书（receipt" in text(r.body), (r.status, r.body[-300:]))
check("bad format: 400",
      clerk.get("/office/app/L-1/letter/receipt?format=pdf").status == 400)
check("unknown ref: 404",
      clerk.get("/office/app/NOPE/letter/receipt").status == 404)
check("the public: 403",
      srv.client().get("/office/app/L-1/letter/receipt").status == 403)

# each consultation its own letter: the history links each step's
cli("application", "add", "--db", db, "--ref", "L-4", "--type", "business",
    "--channel", "in_person", "--arrived", iso(today), "--name", "孙八")
cli("application", "act", "--db", db, "L-4", "consult", "--on", iso(today),
    "--reason", "甲公司")
cli("application", "act", "--db", db, "L-4", "consult-end", "--on",
    iso(today))
cli("application", "act", "--db", db, "L-4", "consult", "--on", iso(today),
    "--reason", "乙公司")
page4 = clerk.get("/office/app/L-4").body
check("two consultations, two links",
      'href="/office/app/L-4/letter/consultation?n=1"' in page4 and
      'href="/office/app/L-4/letter/consultation?n=2"' in page4, page4[-2000:])
first = text(clerk.get("/office/app/L-4/letter/consultation?n=1").body)
second = text(clerk.get("/office/app/L-4/letter/consultation?n=2").body)
check("the first consultation's letter names its party",
      "甲公司" in first and "乙公司" not in first, first[:400])
check("the second's names its own", "乙公司" in second and "甲公司" not in
      second, second[:400])
r = clerk.get("/office/app/L-4/letter/consultation?n=3")
check("no third consultation: 404 saying there were 2",
      r.status == 404 and "只有 2 次" in text(r.body), (r.status, r.body[-300:]))
for bad in ("0", "x", "-1", "1001", ""):
    check(f"n={bad!r}: 400",
          clerk.get("/office/app/L-4/letter/consultation?n=" + bad).status
          == 400)

# links on the application's page, next to their steps
page = clerk.get("/office/app/L-1").body
check("page links the receipt",
      'href="/office/app/L-1/letter/receipt?n=1"' in page)
check("page links the extension",
      'href="/office/app/L-1/letter/extension?n=1"' in page and
      'href="/office/app/L-1/letter/extension?n=1&amp;format=docx"' in page)
check("no answer link before the answer",
      "/letter/answer" not in page)
check("a clerk has no void form", "/office/app/L-1/void" not in page)
# labels: the library's vocabularies (one table names everything), an
# outcome with its group of table 三
check("outcome labels from the library's table",
      '<option value="denied.state_secret">不予公开：属于国家秘密</option>'
      in page and '<option value="granted">予以公开</option>' in page)
check("channel and state labels from the library's table",
      "<td>当面提交</td>" in page and "<td>办理中</td>" in page)
check("the head has the void and revoke forms",
      'action="/office/app/L-1/void"' in head.get("/office/app/L-1").body)

# --- revoke (head): the extension leaves, with its letter
head.get("/office/app/L-2")
r = head.post("/office/app/L-2/revoke", {"reason": ""})
check("revoke without a reason: 400", r.status == 400, r.status)
r = clerk.post("/office/app/L-2/revoke", {"reason": "误操作"})
check("a clerk cannot revoke: 403", r.status == 403, r.status)
head.get("/office/app/L-2")
r = head.post("/office/app/L-2/revoke", {"reason": "误操作：不需要延期"})
check("revoke: 303 back to the page", r.status == 303 and
      r.header("Location") == "/office/app/L-2", r.status)
check("the revoked step has no letter",
      clerk.get("/office/app/L-2/letter/extension").status == 404)
p = run("application", "show", "--db", db, "L-2", "--format", "json")
check("revoke: recorded", '"extended":0' in p.stdout.replace(" ", ""),
      p.stdout)

# --- void (head): kept with its reason, out of the report, no steps
head.get("/office/app/L-2")
r = head.post("/office/app/L-2/void", {"reason": "重复登记<b>"})
check("void: 303", r.status == 303, r.status)
page = clerk.get("/office/app/L-2").body
check("voided: shown with its reason, escaped",
      "登记作废" in page and "重复登记&lt;b&gt;" in page)
check("voided: no action forms", "/office/app/L-2/act" not in page)
check("voided: no letters", clerk.get(
    "/office/app/L-2/letter/receipt").status == 404)
head.get("/office/app/L-2")
r = head.post("/office/app/L-2/void", {"reason": "再次"})
check("void twice: 400", r.status == 400, r.status)
actors = [a for (a,) in connect(db).execute(
    "SELECT DISTINCT actor FROM audit_log WHERE CAST(after_json AS TEXT) "
    "LIKE '%重复登记%'")]
check("void: the audit log names the head", actors == ["head1"], actors)

# --- reminders
r = clerk.get("/office/remind")
check("remind 200", r.status == 200, r.status)
t = text(r.body)
check("remind: the overdue one", "已逾期（1 件）" in t and
      'href="/office/app/L-3"' in r.body, t[:400])
check("remind: no names", "赵六" not in t and "王五" not in t)
check("remind: within 0", clerk.get("/office/remind?within=0").status == 200)
check("remind: bad within", clerk.get("/office/remind?within=x").status
      == 400)
check("queue links the reminders", 'href="/office/remind"' in
      clerk.get("/office").body)
check("stops", srv.stop() == 0)

# --- --letters DIR: the office's template; a broken one stops the start
tpl = os.path.join(srv.dir, "tpl")
os.mkdir(tpl)
with open(os.path.join(tpl, "receipt.txt"), "w") as f:
    f.write("# 本局受理回执\n< {{applicant}}：\n编号 {{ref}}。\n")
s2 = Server(db=db, extra=["--letters", tpl])
c2 = s2.client()
c2.login("clerk1")
r = c2.get("/office/app/L-1/letter/receipt")
check("office template used", "本局受理回执" in r.body and
      "编号 L-1。" in r.body, r.body[-400:])
check("other kinds keep the built-in one", "延期答复告知书" in
      c2.get("/office/app/L-1/letter/extension").body)
check("stops (2)", s2.stop() == 0)
with open(os.path.join(tpl, "fee.txt"), "w") as f:
    f.write("# 缴费\n金额 {{fee}} 元，{{bank_account}}\n")
p = run("serve", "--db", db, "--listen", "127.0.0.1:0", "--letters", tpl)
check("a broken template: exit 2", p.returncode == 2, p.returncode)
check("a broken template: names file, line and placeholder",
      "fee.txt" in p.stderr and "第 2 行" in p.stderr and
      "{{bank_account}}" in p.stderr, p.stderr)
p = run("serve", "--db", db, "--listen", "127.0.0.1:0", "--letters",
        tpl + "-typo")
check("a mistyped --letters: exit 2", p.returncode == 2 and "-typo" in
      p.stderr, p.stderr)
finish("serve-letters")
