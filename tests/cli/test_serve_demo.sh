#!/usr/bin/env bash
# make run (tools/serve_demo.sh): the demo ledger is made, the server
# answers on 127.0.0.1 (ephemeral port), the printed accounts log in, last
# year's applications are counted in last year's public report and the open
# ones are in the queue, and it stops on SIGINT (Ctrl-C) with exit 0.
set -euo pipefail
exec timeout 300 python3 - "$@" <<'PY'
import atexit, os, re, shutil, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "cli"))
from serve_lib import Client, check, finish, text
d = tempfile.mkdtemp(prefix="gk_demo_")
atexit.register(shutil.rmtree, d, True)
env = dict(os.environ, GK_DEMO_DIR=os.path.join(d, "demo"))
log = open(os.path.join(d, "out"), "w+")
p = subprocess.Popen(["bash", os.path.join(os.environ["GK_SOURCE_DIR"], "tools",
                      "serve_demo.sh"), d, "0"], env=env, stdout=log, stderr=log)
# a failure below still stops the demo server (it runs until a signal)
atexit.register(lambda: p.poll() is None and (p.kill(), p.wait()))
port = None
# 60 s at most: the demo also reads the five seeds onto the supervisor
# desk first, slow under the sanitizers on a loaded machine
for _ in range(1200):
    time.sleep(0.05)
    log.seek(0)
    out = log.read()
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", out)
    if m:
        port = int(m.group(1))
        break
    if p.poll() is not None:
        break
check("demo server starts", port, out[-500:])
if port:
    accounts = re.findall(r"^  (\w+) / (\S+)$", out, re.M)
    check("five demo accounts printed", len(accounts) == 5, accounts)
    c = Client(port)
    t = text(c.get("/catalogue").body)
    check("demo catalogue has six documents", "共 6 条" in t, t[:300])
    for name, pw in accounts:
        r = Client(port).login(name, pw)
        check(f"demo account {name} logs in", r.status == 303, r.status)
    k = Client(port)
    k.login("clerk", dict(accounts)["clerk"])
    t = text(k.get("/office?view=correction").body)
    check("demo queue has an application awaiting 补正", "待补正" in t)
    v = Client(port)
    v.login("supervisor", dict(accounts)["supervisor"])
    t = text(v.get("/supervisor").body)
    check("demo desk holds the five seeds",
          len(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", t)) == 5, t[:600])
    t = text(k.get("/office?view=all").body)
    check("demo queue has the open generated applications",
          len(re.findall(r"DEMO-OPEN-\d\d", t)) == 8, t[:300])
    last = time.localtime().tm_year - 1
    body = Client(port).get(f"/reports/{last}").body
    cells = [int(v) for v in re.findall(r"<td[^>]*>(\d+)</td>", body)]
    # 360 generated applications of last year: the report's 总计 cells
    check("last year's report counts the generated applications",
          360 in cells, sorted(set(cells))[-5:])
p.send_signal(signal.SIGINT)
try:
    rc = p.wait(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
    rc = None
check("demo stops cleanly", rc == 0, rc)
finish("serve-demo")
PY
