#!/usr/bin/env bash
# gongkai serve killed (SIGKILL) while online applications pour in (issue 12
# item 6): several clients post applications concurrently and keep every
# receipt they get (ref and tracking code); the server is killed mid-load and
# restarted on the same ledger. Every acknowledged application must be there:
# its status page by tracking code answers with its ref, the ledger has it
# (gongkai application show), and PRAGMA integrity_check is ok. Not timed: the
# kill comes after a count of receipts, whatever the machine's speed.
set -euo pipefail
exec timeout 500 python3 - "$@" <<'PY'
import os, re, signal, sys, threading, time
sys.path.insert(0, os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "cli"))
from serve_lib import (APPLY, Client, Server, check, connect, finish, is_pg,
                       run, text)

WORKERS = 6
KILL_AFTER = 40  # receipts before the kill: the load is still running then
s = Server(extra=["--apply-per-hour", "100000", "--status-lookups", "100000"])
acked = []  # (ref, code) of every receipt a client read in full
lock = threading.Lock()
stop = threading.Event()
errors = []


def worker(n):
    c = Client(s.port)
    try:
        c.get("/apply")  # the CSRF cookie and token, as a browser gets them
        i = 0
        while not stop.is_set():
            i += 1
            f = dict(APPLY, name=f"并发申请人{n}-{i}",
                     description=f"压力测试第{n}-{i}件")
            r = c.post("/apply", f)
            if r.status != 200:
                errors.append(r.status)
                return
            ref = re.search(r"<th>受理编号</th><td>([^<]+)</td>", r.body)
            code = re.search(r'<td class="code">([^<]+)</td>', r.body)
            if ref and code:
                with lock:
                    acked.append((ref.group(1), code.group(1)))
    except (OSError, ConnectionError):
        pass  # the server was killed under this request: not acknowledged


threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
for t in threads:
    t.start()
deadline = time.monotonic() + 240
while len(acked) < KILL_AFTER and time.monotonic() < deadline and \
        any(t.is_alive() for t in threads):
    time.sleep(0.01)
alive = sum(t.is_alive() for t in threads)
s.proc.send_signal(signal.SIGKILL)
s.proc.wait()
stop.set()
for t in threads:
    t.join(timeout=60)
check("no request failed before the kill", not errors, errors[:5])
check(f"{KILL_AFTER} receipts before the kill", len(acked) >= KILL_AFTER,
      len(acked))
check("the kill came while clients were posting", alive == WORKERS, alive)
print(f"serve_kill: {len(acked)} acknowledged applications, killed with "
      f"{alive} clients posting")

# the same ledger, a new server
s2 = Server(db=s.db, extra=["--status-lookups", "100000"])
c = Client(s2.port)
c.get("/status")
missing = []
for ref, code in acked:
    r = c.post("/status", {"code": code})
    if r.status != 200 or ref not in text(r.body):
        missing.append((ref, r.status))
check("every acknowledged application's status page answers",
      not missing, missing[:5])
missing = [ref for ref, _ in acked
           if run("application", "show", "--db", s.db, ref).returncode != 0]
check("every acknowledged application is in the ledger", not missing,
      missing[:5])
check("the server restarted on the killed ledger stops cleanly",
      s2.stop() == 0)
con = connect(s.db)
if not is_pg(s.db):  # the file survived the kill whole
    ok = con.execute("PRAGMA integrity_check").fetchall()
    check("integrity_check is ok", ok == [("ok",)], ok)
refs = {r for (r,) in con.execute("SELECT ref FROM srv_submissions")}
con.close()
check("every receipt's tracking code is stored",
      all(ref in refs for ref, _ in acked))
finish("serve_kill")
PY
