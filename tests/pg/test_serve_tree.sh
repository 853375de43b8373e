#!/usr/bin/env bash
# pg.serve_tree: one gongkai serve for the agency tree (issue 13 item 3,
# docs/server.md "The agency tree"): a city C with two departments A and B
# in one PostgreSQL ledger; the server logs in as one role granted the
# agencies' roles (NOINHERIT) and serves each under /a/ID/. A citizen's
# application on A's site is seen on A's site and by A's staff, not on B's
# site nor by B's staff; C's staff (the supervisor) see it in their
# subtree; row-level security holds it for hand-written SQL too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
G="${GONGKAI:?set GONGKAI to the gongkai binary}"
. "$here/pg_env.sh" || exit $?
psql -XqAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || exit 1
CREATE ROLE gk_office NOLOGIN;
CREATE ROLE owner LOGIN;
GRANT CREATE ON SCHEMA public TO owner;
CREATE ROLE srvr LOGIN NOINHERIT;
CREATE ROLE gk_c NOLOGIN IN ROLE gk_office;
CREATE ROLE gk_a NOLOGIN IN ROLE gk_office;
CREATE ROLE gk_b NOLOGIN IN ROLE gk_office;
GRANT gk_a, gk_b, gk_c TO srvr;
CREATE SCHEMA srv_gk_a AUTHORIZATION gk_a;
CREATE SCHEMA srv_gk_b AUTHORIZATION gk_b;
CREATE SCHEMA srv_gk_c AUTHORIZATION gk_c;
SQL
export GK_TREE_DIR="$GK_PG_DIR" GONGKAI_KEY_FILE="$GK_PG_DIR/tree.key"
owner="postgresql://owner@127.0.0.1:$GK_PG_PORT/gongkai"
"$G" ledger init --db "$owner" --agency 某省人民政府办公厅 \
  --level county_gov_or_above >/dev/null 2>&1 || { echo "FAIL: init"; exit 1; }
psql "$owner" -XqAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || exit 1
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'city', 'C',
  '某市人民政府办公室' FROM agencies WHERE parent_id IS NULL;
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'department',
  'A', '某市教育局' FROM agencies WHERE code = 'C';
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'department',
  'B', '某市卫生健康委员会' FROM agencies WHERE code = 'C';
INSERT INTO agency_members SELECT 'gk_' || lower(code), id FROM agencies
  WHERE code IN ('A', 'B', 'C');
SQL
exec timeout 300 python3 - "$here/../cli" <<'PY'
import os, re, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
from serve_lib import APPLY, Client, check, finish, text

G = os.environ["GONGKAI"]
port = os.environ["GK_PG_PORT"]
srvr = f"postgresql://srvr@127.0.0.1:{port}/gongkai"
d = os.environ["GK_TREE_DIR"]


def cli(*args, stdin=None):
    return subprocess.run([G, *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


for site, user, role in [("a=gk_a", "clerk_a", "clerk"),
                         ("b=gk_b", "clerk_b", "clerk"),
                         ("c=gk_c", "clerk_c", "clerk")]:
    p = cli("serve", "user", "add", "--db", srvr, "--site", site, "--name",
            user, "--role", role, stdin=f"password-{user}\n")
    check(f"user {user} on site {site}", p.returncode == 0, p.stderr)

p = cli("serve", "--db", os.path.join(d, "x.db"), "--site", "a=gk_a")
check("--site on a SQLite file: exit 2", p.returncode == 2 and
      "postgresql" in p.stderr, (p.returncode, p.stderr))
p = cli("serve", "--db", srvr, "--site", "a/b=gk_a;x")
check("--site not ID=ROLE: exit 2", p.returncode == 2 and "ID=ROLE" in
      p.stderr, (p.returncode, p.stderr))
p = cli("serve", "--db", srvr, "--site", "a=gk_a", "--site", "a=gk_b",
        "--listen", "127.0.0.1:0")
check("a site twice: exit 2", p.returncode == 2 and "重复" in p.stderr,
      (p.returncode, p.stderr))

err = open(os.path.join(d, "serve.err"), "w+")
proc = subprocess.Popen([G, "serve", "--db", srvr, "--site", "a=gk_a",
                         "--site", "b=gk_b", "--site", "c=gk_c", "--listen",
                         "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                        stderr=err)
port_http = None
for _ in range(400):
    time.sleep(0.05)
    err.seek(0)
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", err.read())
    if m:
        port_http = int(m.group(1))
        break
    if proc.poll() is not None:
        break
if not port_http:
    err.seek(0)
    print("FAIL: the server did not start: " + err.read()[-2000:])
    proc.kill()
    sys.exit(1)


def login(c, site, name):
    c.get(f"/a/{site}/login")
    r = c.post(f"/a/{site}/login", {"name": name,
                                     "password": "password-" + name})
    return r


root = Client(port_http).get("/")
check("/ lists each agency's site", root.status == 200 and all(
    f'href="/a/{x}/"' in root.body for x in "abc") and "某市教育局" in
    root.body, root.body[-600:])
check("an unknown site: 404", Client(port_http).get("/a/x/").status == 404)

# A's site is A's: its form posts to its own path, its title is A's
pub = Client(port_http)
r = pub.get("/a/a/apply")
check("A's form posts to A's path", r.status == 200 and
      'action="/a/a/apply"' in r.body and 'href="/a/a/static/style.css"'
      in r.body, r.body[:600])
check("A's site is A's", "某市教育局" in r.body and "某市卫生健康委员会"
      not in r.body)
check("B's site is B's", "某市卫生健康委员会" in
      Client(port_http).get("/a/b/apply").body)

# A citizen's application to A through A's online form: the server writes
# it as A's role, A's audit rows on A's own chain (store.c)
r = pub.post("/a/a/apply", APPLY)
m = re.search(r'<td class="code">([^<]+)</td>', r.body)
mr = re.search(r"<th>受理编号</th><td>([^<]+)</td>", r.body)
check("A's form takes the application", r.status == 200 and m and mr,
      (r.status, r.body[-800:]))
code, ref = m.group(1), mr.group(1)

st = Client(port_http)
st.get("/a/a/status")
r = st.post("/a/a/status", {"code": code})
check("A's status page finds it", r.status == 200 and ref in text(r.body),
      r.status)
stb = Client(port_http)
stb.get("/a/b/status")
r = stb.post("/a/b/status", {"code": code})
check("B's status page does not", r.status == 404 and ref not in r.body,
      r.status)

ca, cb, cc = Client(port_http), Client(port_http), Client(port_http)
r = login(ca, "a", "clerk_a")
check("clerk_a logs in on A's site", r.status == 303 and
      r.header("Location").startswith("/a/a/") and any(
          "Path=/a/a/" in v for v in r.headers_all("Set-Cookie")),
      (r.status, r.headers))
check("A's queue has it", ref in ca.get("/a/a/office?view=all").body)
r = ca.get(f"/a/a/office/app/{ref}")
check("A's clerk opens it", r.status == 200 and ref in r.body, r.status)
check("clerk_a cannot log in on B's site",
      login(Client(port_http), "b", "clerk_a").status != 303)
login(cb, "b", "clerk_b")
r = cb.get("/a/b/office?view=all")
check("B's queue: B's clerk in, without A's application",
      r.status == 200 and "clerk_b" in r.body and ref not in r.body,
      r.status)
check("B's clerk cannot open it", cb.get(f"/a/b/office/app/{ref}").status
      == 404)
check("B's session is no session on A's site",
      cb.get("/a/a/office").status == 403)
login(cc, "c", "clerk_c")
r = cc.get("/a/c/office?view=all")
check("the city (supervisor) sees its subtree's application",
      r.status == 200 and ref in r.body, r.status)

# the database itself: hand-written SQL as B's role sees nothing of A
def sql(role, q):
    p = subprocess.run(["psql", f"{srvr}?options=-c%20role%3D{role}", "-XqAt",
                        "-c", q], capture_output=True, text=True, timeout=60)
    return p.stdout.strip() if p.returncode == 0 else "error: " + p.stderr
q = f"SELECT count(*) FROM applications WHERE ref = '{ref}'"
check("SQL as A's role: 1", sql("gk_a", q) == "1")
check("SQL as B's role: 0", sql("gk_b", q) == "0")
check("SQL as B's role: A's server tables out of reach", "error" in sql(
    "gk_b", "SELECT count(*) FROM srv_gk_a.srv_submissions"))

proc.terminate()
check("stops cleanly", proc.wait(timeout=60) == 0)
err.seek(0)
if os.environ.get("GK_TREE_DEBUG"):
    print(err.read()[-3000:])
finish("serve_tree")
PY
