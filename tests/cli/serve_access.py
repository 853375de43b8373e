"""serve_access.py: the access matrix of gongkai serve (issue 12 item 5):
every role × every endpoint × every method, expected outcome in ONE table
below, all asserted. Written out by hand, not derived from the server's
route table, so a route that changes its roles fails here.

  A  allowed: the handler ran (any status but 403, 404 and 405)
  D  denied: 403
  M  method not allowed: 405 with an Allow header
Run by test_serve_access.sh."""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Server, check, connect, finish, run  # noqa: E402

ROLES = ["public", "clerk", "reviewer", "head", "supervisor", "admin"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
REF = "2026-100"

# path → method → the six roles' outcomes, in the order of ROLES.
# Unlisted methods of a path are M for every role.
MATRIX = {
    "/": {"GET": "AAAAAA"},
    "/static/style.css": {"GET": "AAAAAA"},
    "/guide": {"GET": "AAAAAA"},
    "/catalogue": {"GET": "AAAAAA"},
    "/catalogue/1": {"GET": "AAAAAA"},
    "/reports": {"GET": "AAAAAA"},
    f"/reports/{time.localtime().tm_year - 1}": {"GET": "AAAAAA"},
    "/reports/2021/original": {"GET": "AAAAAA"},
    "/apply": {"GET": "AAAAAA", "POST": "AAAAAA"},
    "/status": {"GET": "AAAAAA", "POST": "AAAAAA"},
    "/login": {"GET": "AAAAAA", "POST": "AAAAAA"},
    "/office": {"GET": "DAAADD"},
    f"/office/app/{REF}": {"GET": "DAAADD"},
    f"/office/app/{REF}/act": {"POST": "DADADD"},
    "/office/report": {"GET": "DAAADD"},
    f"/office/report/explain?year={time.localtime().tm_year}&cell=apply.new.total":
        {"GET": "DAAADD"},
    "/office/records": {"GET": "DAAADD", "POST": "DADADD"},
    "/office/records/1/approve": {"POST": "DDAADD"},
    # letters (issue 12 item 3): letters for staff; void and revoke the
    # head's (a form without its reason is 400: the handler ran)
    "/static/letter.css": {"GET": "AAAAAA"},
    f"/office/app/{REF}/letter/receipt": {"GET": "DAAADD"},
    f"/office/app/{REF}/void": {"POST": "DDDADD"},
    f"/office/app/{REF}/revoke": {"POST": "DDDADD"},
    "/office/remind": {"GET": "DAAADD"},
    # end letters
    # letter templates edited in the browser: the head's and the admin's
    # (a save without its template is 400: the handler ran)
    "/office/letters": {"GET": "DDDADA"},
    "/office/letters/receipt": {"GET": "DDDADA", "POST": "DDDADA"},
    "/office/letters/receipt/reset": {"POST": "DDDADA"},
    "/admin/users": {"GET": "DDDDDA"},
    # supervisor desk (item 4): the supervisor only; its static scripts
    # are public like the stylesheet
    "/supervisor": {"GET": "DDDDAD"},
    "/supervisor/upload": {"POST": "DDDDAD"},
    "/supervisor/report/1": {"GET": "DDDDAD"},
    "/supervisor/report/1/replace": {"POST": "DDDDAD"},
    "/supervisor/merge": {"GET": "DDDDAD"},
    "/supervisor/merge/2020.docx": {"GET": "DDDDAD"},
    "/supervisor/compare": {"GET": "DDDDAD"},
    "/supervisor/similar": {"GET": "DDDDAD"},
    "/supervisor/charts": {"GET": "DDDDAD"},
    "/static/echarts.min.js": {"GET": "AAAAAA"},
    "/static/supervisor.js": {"GET": "AAAAAA"},
    "/supervisor/report/1/delete": {"POST": "DDDDAD"},  # after its uses
    "/logout": {"POST": "DAAAAA"},  # last: it ends the session
}

srv = Server(users=[(r + "1", r) for r in ROLES if r != "public"])
srv.stop()
p = run("application", "add", "--db", srv.db, "--ref", REF, "--type",
        "natural", "--channel", "in_person", "--arrived", "2026-12-01")
check("fixture application", p.returncode == 0, p.stderr)
p = run("record", "add", "--db", srv.db, "--actor", "a", "--kind",
        "normative", "--doc-no", "某府发〔2026〕1号", "--title", "一份文件",
        "--date", "2026-11-02")
run("record", "approve", "--db", srv.db, "--actor", "b", "1")
# supervisor desk: upload 1, seed 001 (a 2020 report), as the desk stores it
import hashlib  # noqa: E402
seed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                    "seeds", "001_eb4955ec489c8a4e.txt")
with open(seed, "rb") as f:
    data = f.read()
db = connect(srv.db)
db.execute("INSERT INTO srv_sup_uploads (id, sha256, name, format, size, "
           "bytes, readable, agency, agency_key, year, template, "
           "uploaded_at, uploaded_by) VALUES (1, ?, 's.txt', 'text', ?, ?, "
           "1, 'a', 'a', 2020, '2019', 'now', 'supervisor1')",
           (hashlib.sha256(data).hexdigest(), len(data), data))
db.commit()
db.close()
# a report the agency published (--reports DIR): 2021's, seed 002
pubdir = os.path.join(srv.dir, "published")
os.makedirs(pubdir, exist_ok=True)
shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "data", "seeds", "002_1940b8663137bb43.txt"), pubdir)
srv = Server(db=srv.db, extra=["--reports", pubdir])

clients = {}
for role in ROLES:
    c = srv.client()
    c.get("/apply")  # a CSRF token for the public
    if role != "public":
        r = c.login(role + "1")
        check(f"{role} logs in to its first page", r.status == 303 and
              r.header("Location") == {"admin": "/admin/users",
                                       "supervisor": "/supervisor"}.get(role, "/office"),
              f"{r.status} {r.header('Location')}")
    clients[role] = c

cells = 0
for path, allowed in MATRIX.items():
    for method in METHODS:
        want_row = allowed.get(method, "M" * len(ROLES))
        for role, want in zip(ROLES, want_row):
            c = clients[role]
            if method == "POST":
                # the form's token when the page offers one, so that a
                # denial is the role's and not the token's
                r = c.post(path, {"csrf": c.csrf or ""})
            elif method in ("PUT", "PATCH"):
                r = c.request(method, path, body={"csrf": c.csrf or ""})
            else:
                r = c.request(method, path)
            cells += 1
            got = ("D" if r.status == 403 else
                   "M" if r.status == 405 else
                   "N" if r.status == 404 else "A")
            check(f"{role} {method} {path}", got == want,
                  f"expected {want}, got {got} ({r.status})")
            if got == "M":
                check(f"{role} {method} {path} Allow header",
                      r.header("Allow") == ", ".join(
                          m for m in METHODS if m in allowed))
            if got == "D" and role == "public":
                check(f"{method} {path}: login link", "/login" in r.body)

check("every cell visited", cells == len(MATRIX) * len(METHODS) * len(ROLES))
# the matrix covers every route: an unknown path is 404 for everyone
for role in ROLES:
    check(f"{role}: unknown path 404",
          clients[role].get("/office/nothing").status == 404)
check("stops", srv.stop() == 0)
finish("serve-access")
