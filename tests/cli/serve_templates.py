"""serve_templates.py: the letters' templates edited in the browser (issue
12 item 3, "from templates the office can edit"; docs/server.md "Notice
letters"): the head (and the admin) open each kind's template, a save is
checked whole first (a bad template is refused with its line and column,
400, and the one in use stays), a good one is used by the next letter at
once, every version is kept with who and when, the audit log has each
save, a reset brings back the template started with (the built-in, or
--letters DIR's file), CSRF on both forms, and hostile text stays text.
Run by test_serve_templates.sh."""
import datetime
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import (DB_ERRORS, Server, check, connect, finish, run,  # noqa: E402
                       text)

today = datetime.datetime.now(
    datetime.timezone(datetime.timedelta(hours=8))).date()

srv = Server(users=[("clerk1", "clerk"), ("head1", "head"),
                    ("admin1", "admin")])
srv.stop()
db = srv.db
p = run("application", "add", "--db", db, "--ref", "T-1", "--type", "natural",
        "--channel", "in_person", "--arrived", today.isoformat(), "--name",
        "王五")
check("fixture application", p.returncode == 0, p.stderr)

srv = Server(db=db)
head, admin, clerk = srv.client(), srv.client(), srv.client()
head.login("head1")
admin.login("admin1")
clerk.login("clerk1")

# --- the list and one kind's page
r = head.get("/office/letters")
check("list 200", r.status == 200, r.status)
for label in ["政府信息公开申请受理回执", "补正申请告知书", "延期答复告知书",
              "征求第三方意见书", "信息处理费缴费通知书", "政府信息公开申请答复书"]:
    check(f"list names {label}", label in r.body)
check("list: every kind built-in at first", text(r.body).count("内置模板") == 6)
check("the head's menu links the templates", 'href="/office/letters"' in r.body)
r = head.get("/office/letters/receipt")
check("receipt template 200", r.status == 200, r.status)
check("the built-in template in the textarea",
      re.search(r"<textarea[^>]*>[^<]*\{\{due_on\}\}", r.body) is not None)
check("the placeholders listed", "{{applicant_id}}" in r.body)
check("the consultation's placeholders have no applicant",
      "{{applicant}}" not in head.get("/office/letters/consultation").body)
r = head.get("/office/letters/bank")
check("an unknown kind: 404 naming the kinds", r.status == 404 and
      "没有这种告知书（receipt" in text(r.body), (r.status, r.body[-300:]))
check("the admin opens it too", admin.get("/office/letters/fee").status == 200)

letter = clerk.get("/office/app/T-1/letter/receipt")
check("the built-in receipt", letter.status == 200 and
      "政府信息公开申请受理回执" in letter.body, letter.status)

# --- a bad template: refused with the place, nothing saved, the old one stays
bad = "# 受理回执 {{ref}}\r\n\r\n< {{applicant}}：\r\n本机关账号 {{bank_account}}。\r\n"
r = head.post("/office/letters/receipt", {"template": bad})
check("bad template: 400", r.status == 400, r.status)
check("bad template: the file, line and column",
      re.search(r"receipt\.txt 第 4 行第 \d+ 列", text(r.body)) is not None,
      text(r.body)[:600])
check("bad template: the placeholder named", "bank_account" in text(r.body))
check("bad template: the office's text kept in the form",
      "本机关账号 {{bank_account}}" in text(r.body))
check("bad template: nothing saved",
      connect(db).execute(
          "SELECT count(*) FROM srv_letter_templates").fetchone()[0] == 0)
again = clerk.get("/office/app/T-1/letter/receipt")
check("bad template: the letter as before", again.body == letter.body)
r = head.post("/office/letters/receipt", {"template": "{{ref"})
check("an unclosed {{: 400", r.status == 400 and "第 1 行" in text(r.body),
      r.status)
r = head.post("/office/letters/receipt", {"template": ""})
check("an empty template: 400", r.status == 400, r.status)

# --- a good one (CRLF as browsers send it, hostile text): used at once
good = ("# 本机关受理回执\r\n\r\n< {{applicant}}：\r\n"
        "您的申请（编号 {{ref}}）已收到，<b>答复期限</b> {{due_on}}。\r\n"
        "> {{agency}}\r\n> {{date}}\r\n")
r = head.post("/office/letters/receipt", {"template": good})
check("good template: 303 back to its page", r.status == 303 and
      r.header("Location") == "/office/letters/receipt", r.status)
now = clerk.get("/office/app/T-1/letter/receipt")
check("the next letter uses it", now.status == 200 and
      "本机关受理回执" in now.body and "T-1" in now.body, now.status)
check("its markup stays text", "&lt;b&gt;答复期限&lt;/b&gt;" in now.body and
      "<b>" not in now.body)
docx = clerk.request("GET", "/office/app/T-1/letter/receipt?format=docx")
check("the .docx too", docx.status == 200)
check("the other kinds keep theirs",
      "延期" in head.get("/office/letters/extension").body)
r = head.get("/office/letters")
check("list: the receipt's is the office's, by whom",
      "本机关修改（head1" in text(r.body))
page = head.get("/office/letters/receipt")
check("the page shows the saved text (LF lines)",
      "您的申请（编号 {{ref}}）已收到" in text(page.body))

# a second version by the admin; the first is kept
r = admin.post("/office/letters/receipt",
               {"template": good.replace("本机关受理回执", "受理回执（二）")})
check("second version 303", r.status == 303, r.status)
check("the letter follows", "受理回执（二）" in
      clerk.get("/office/app/T-1/letter/receipt").body)
# autocommit: the test's connection holds no lock between its statements
con = connect(db, isolation_level=None)
rows = con.execute("SELECT body, saved_by FROM srv_letter_templates "
                   "WHERE kind = 'receipt' ORDER BY id").fetchall()
check("both versions kept, with who", [w for _, w in rows] ==
      ["head1", "admin1"], rows)
check("stored with LF lines", "\r" not in rows[0][0])
page = head.get("/office/letters/receipt")
check("the history lists both", "head1" in text(page.body) and
      "admin1" in text(page.body) and "本机关受理回执" in text(page.body))
audit = con.execute("SELECT actor, detail FROM srv_audit WHERE action = "
                    "'letter-template' ORDER BY id").fetchall()
check("each save audited with the user",
      audit == [("head1", "receipt"), ("admin1", "receipt")], audit)
try:
    con.execute("DELETE FROM srv_letter_templates")
    check("versions cannot be deleted", False)
except DB_ERRORS:
    check("versions cannot be deleted", True)

# --- CSRF
r = head.post("/office/letters/receipt", {"template": good}, csrf=False)
check("save without the CSRF token: 403", r.status == 403, r.status)
r = head.post("/office/letters/receipt/reset", {}, csrf=False)
check("reset without the CSRF token: 403", r.status == 403, r.status)

# --- reset: back to the built-in, the versions still there
head.get("/office/letters/receipt")
r = head.post("/office/letters/receipt/reset", {})
check("reset 303", r.status == 303, r.status)
check("the built-in again", clerk.get(
    "/office/app/T-1/letter/receipt").body == letter.body)
check("reset audited", con.execute(
    "SELECT actor FROM srv_audit WHERE action = 'letter-template-reset'"
).fetchall() == [("head1",)])
check("versions kept after the reset", con.execute(
    "SELECT count(*) FROM srv_letter_templates").fetchone()[0] == 3)
check("the page: reset in the history", "恢复默认模板" in text(
    head.get("/office/letters/receipt").body))
check("stops cleanly", srv.stop() == 0)

# --- with --letters DIR: the file is the default a reset returns to
tpl = tempfile.mkdtemp(prefix="gk_tpl_")
with open(os.path.join(tpl, "receipt.txt"), "w") as f:
    f.write("# 目录中的回执\n{{ref}}\n")
srv = Server(db=db, extra=["--letters", tpl])
head = srv.client()
head.login("head1")
check("DIR's template when nothing is saved",
      "目录中的回执" in head.get("/office/app/T-1/letter/receipt").body)
head.get("/office/letters/receipt")
head.post("/office/letters/receipt", {"template": "# 网页上的回执\n{{ref}}\n"})
check("a saved template wins over DIR's",
      "网页上的回执" in head.get("/office/app/T-1/letter/receipt").body)
head.get("/office/letters/receipt")
head.post("/office/letters/receipt/reset", {})
check("reset: DIR's again",
      "目录中的回执" in head.get("/office/app/T-1/letter/receipt").body)
check("stops cleanly (DIR)", srv.stop() == 0)
finish("serve_templates")
