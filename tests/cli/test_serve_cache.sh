#!/usr/bin/env bash
# gongkai serve keeps catalogue search pages while the database is unchanged
# and the public's ledger handles for a minute (srv_cache.c, srv_http.c; the
# load bench's fixes): a search made again after a change shows the change,
# whether the server's own refresh made it or another process did, pages
# and queries are kept apart, and a status page follows the application.
set -euo pipefail
exec timeout 300 python3 - "$@" <<'PY'
import os, re, sys, time
sys.path.insert(0, os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "cli"))
from serve_lib import APPLY, Client, Server, check, finish, run, text

Q = "/catalogue?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2"  # 义务教育
n_records = 0


def record(title):
    global n_records
    n_records += 1
    p = run("record", "add", "--db", s.db, "--actor", "drafter", "--kind",
            "normative", "--doc-no", f"示府发〔2024〕{n_records}号", "--title",
            title, "--date", "2024-03-01")
    check("record add", p.returncode == 0, p.stderr)
    p = run("record", "approve", "--db", s.db, "--actor", "reviewer",
            str(n_records))
    check("record approve", p.returncode == 0, p.stderr)


def count(c, path=Q):
    r = c.get(path)
    m = re.search(r"共 (\d+) 条", text(r.body))
    return r, int(m.group(1)) if m else None


# the server never refreshes by itself here: only another process changes
s = Server(extra=["--catalogue-sync", "86400"], users=[("clerk", "clerk")])
c = Client(s.port)
r1, n1 = count(c)
r2, n2 = count(c)
check("a search: nothing yet", n1 == 0, n1)
check("the same search again: the same page", r1.body == r2.body)
record("关于义务教育阶段学生资助的通知")
p = run("serve", "catalogue", "sync", "--db", s.db)
check("catalogue sync by another process", p.returncode == 0, p.stderr)
_, n3 = count(c)
check("after another process's change the search shows it", n3 == 1, n3)
_, other = count(c, "/catalogue?q=%E9%81%93%E8%B7%AF%E5%85%BB%E6%8A%A4")
check("another query is not the kept page", other == 0, other)
for i in range(25):
    record(f"义务教育第{i}号文件")
run("serve", "catalogue", "sync", "--db", s.db)
p1 = text(c.get(Q).body)
p2 = text(c.get(Q + "&page=2").body)
check("page 1 and page 2 are kept apart", "第 1 页" in p1 and "第 2 页" in p2
      and p1 != p2)
check("page 2 after page 1 again", "第 2 页" in text(c.get(Q + "&page=2").body))

# status: the pooled ledger handle sees the clerk's change
a = Client(s.port)
a.get("/apply")
r = a.post("/apply", APPLY)
code = re.search(r'<td class="code">([^<]+)</td>', r.body).group(1)
ref = re.search(r"<th>受理编号</th><td>([^<]+)</td>", r.body).group(1)
a.get("/status")
check("status: registered", "办理中" in text(a.post("/status", {"code": code}).body))
k = Client(s.port)
k.login("clerk")
k.get(f"/office/app/{ref}")
r = k.post(f"/office/app/{ref}/act", {"action": "request-correction"})
check("request-correction", r.status == 303, r.status)
check("status after the change: 待补正",
      "待补正" in text(a.post("/status", {"code": code}).body))
# the status page is kept too (srv_post_status): asked twice it is the same,
# and another process's step (the CLI on the same ledger) shows at once
s1 = a.post("/status", {"code": code}).body
s2 = a.post("/status", {"code": code}).body
check("status twice: the same page", s1 == s2)
p = run("application", "act", "--db", s.db, ref, "correct")
check("correct by another process", p.returncode == 0, p.stderr)
r = a.post("/status", {"code": code}).body
after = text(r)
check("status after another process's step shows it", "待补正" not in after
      and r.count("<tr>") == s1.count("<tr>") + 1, after[-400:])
check("stops cleanly", s.stop() == 0)

# the server's own refresh (every second here) changes it too
s = Server(extra=["--catalogue-sync", "1"])
n_records = 0
c = Client(s.port)
_, n0 = count(c)
record("关于义务教育经费的公告")
time.sleep(1.2)
_, n1 = count(c)
check("after the server's own refresh the search shows it", n1 == n0 + 1,
      (n0, n1))
check("stops cleanly", s.stop() == 0)
finish("serve_cache")
PY
