"""serve_lib.py: what the gongkai serve tests share (tests/cli/test_serve_*.sh).

Starts `gongkai serve` on 127.0.0.1 with an ephemeral port (never another
address), talks to it with http.client (one client per simulated browser,
with its own cookies), stops it with SIGTERM and checks it stopped cleanly.
Every wait is bounded; a server that does not come up or go down fails the
test instead of hanging it.

The same tests run on PostgreSQL (ctest pgdb.cli.test_serve_*, issue 13):
tests/pg/pg_serve.sh starts a throwaway server and sets GK_SERVE_PG to the
superuser's URI; every new ledger (new_ledger()) is then a fresh database
owned by the role 'office', its key file beside the test's files, and
run() gives each command on it its key (GONGKAI_KEY_FILE). connect() reads and changes the
server's tables on either backend, so the checks stay the same.
"""
import atexit
import html
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

G = os.environ["GONGKAI"]

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}"[:2000])


def finish(script):
    print(f"{script}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


PG = os.environ.get("GK_SERVE_PG")  # the superuser's URI, or None
KEYS = {}  # a PostgreSQL ledger's URI -> its key file


def is_pg(db):
    return db.startswith("postgresql://")


def run(*args, stdin=None):
    # a PostgreSQL ledger has no file to put its key beside: the key file
    # by GONGKAI_KEY_FILE, which every ledger command reads (not all take
    # --key)
    env = None
    for i, a in enumerate(args[:-1]):
        if a == "--db" and args[i + 1] in KEYS:
            env = dict(os.environ, GONGKAI_KEY_FILE=KEYS[args[i + 1]])
            break
    p = subprocess.run([G, *args], input=stdin, capture_output=True,
                       text=True, timeout=120, env=env)
    return p


class PgError(Exception):
    """A statement PostgreSQL refused (psql's message)."""


# what a refused statement raises, on either backend
DB_ERRORS = (sqlite3.DatabaseError, PgError)


def _psql(dbname, sql):
    """Runs SQL as the superuser on database 'dbname'; stdout."""
    u = urllib.parse.urlsplit(PG)
    p = subprocess.run(["psql", "-XqAt", "-v", "ON_ERROR_STOP=1", "-h",
                        u.hostname, "-p", str(u.port), "-U", u.username,
                        "-d", dbname, "-c", sql], capture_output=True,
                       text=True, timeout=60)
    if p.returncode:
        raise PgError(f"psql: {p.stderr.strip()} in {sql[:200]}")
    return p.stdout


_ndb = [0]


def new_ledger(folder, agency="某县人民政府办公室",
               level="county_gov_or_above", name="office.db"):
    """A new ledger: the file folder/name, or on PostgreSQL a fresh
    database owned by 'office' (its key file in folder). Returns its --db
    target and the init's CompletedProcess."""
    if not PG:
        db = os.path.join(folder, name)
    else:
        _ndb[0] += 1
        dbname = f"gk_{os.getpid()}_{_ndb[0]}"
        _psql("gongkai", f"CREATE DATABASE {dbname} OWNER office")
        u = urllib.parse.urlsplit(PG)
        db = f"postgresql://office@{u.hostname}:{u.port}/{dbname}"
        KEYS[db] = os.path.join(folder, name + ".key")
    return db, run("ledger", "init", "--db", db, "--agency", agency,
                   "--level", level)


class _PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


class _PgConn:
    """What the tests use of a sqlite3 connection, on PostgreSQL: execute
    with '?' parameters, rows as tuples (typed through JSON), commit and
    close (each statement commits by itself)."""

    def __init__(self, db):
        self.dbname = urllib.parse.urlsplit(db).path.lstrip("/")

    @staticmethod
    def _lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, (bytes, bytearray)):
            return "'\\x" + bytes(v).hex() + "'::bytea"
        return "'" + str(v).replace("'", "''") + "'"

    def execute(self, sql, params=()):
        parts = sql.split("?")
        if len(parts) - 1 != len(params):
            raise ValueError("parameters do not match the '?'s")
        q = parts[0] + "".join(self._lit(v) + t
                               for v, t in zip(params, parts[1:]))
        if not q.lstrip().upper().startswith("SELECT"):
            _psql(self.dbname, q)
            return _PgCursor([])
        out = _psql(self.dbname,
                    f"SELECT coalesce(json_agg(t), '[]') FROM ({q}) t")
        rows = json.loads(out or "[]", object_pairs_hook=list)
        return _PgCursor([tuple(v for _, v in r) for r in rows])

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def connect(db, isolation_level=""):
    """The ledger database 'db' for the test's own SQL: sqlite3 for a file,
    psql as the superuser (whom row-level security does not hide rows
    from) for PostgreSQL."""
    if is_pg(db):
        return _PgConn(db)
    return sqlite3.connect(db, isolation_level=isolation_level)


class Server:
    """A gongkai serve process on 127.0.0.1:0 over a fresh ledger."""

    def __init__(self, extra=(), db=None, users=()):
        self.dir = tempfile.mkdtemp(prefix="gk_serve_")
        self.proc = None
        # whatever happens to the test (an exception, a failed assert), its
        # server is stopped and its files removed when python exits
        atexit.register(self._reap)
        self.db = db
        if not db:
            self.db, p = new_ledger(self.dir)
            assert p.returncode == 0, p.stderr
            # No made-up holiday notice for next year: a period reaching a
            # year without its notice is counted provisionally (issue 11),
            # as in an office in December.
        for name, role in users:
            p = run("serve", "user", "add", "--db", self.db, "--name", name,
                    "--role", role, stdin="password-" + name + "\n")
            assert p.returncode == 0, p.stderr
        self.errpath = os.path.join(self.dir, "serve.err")
        self.err = open(self.errpath, "w+")
        key = ["--key", KEYS[self.db]] if self.db in KEYS else []
        self.proc = subprocess.Popen(
            [G, "serve", "--db", self.db, *key, "--listen", "127.0.0.1:0",
             *extra], stdout=subprocess.DEVNULL, stderr=self.err)
        self.port = None
        for _ in range(200):  # 10 s at most
            time.sleep(0.05)
            with open(self.errpath) as f:
                m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/",
                              f.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                break
        if not self.port:
            self.proc.kill()
            raise RuntimeError("server did not start: " + self.log())

    def _reap(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self):
        with open(self.errpath) as f:
            return f.read()

    def stop(self):
        """SIGTERM; returns the exit code (None if it had to be killed)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
            if rc != 0:
                print(f"server exit {rc}: {self.log()[-1500:]}")
            return rc
        except subprocess.TimeoutExpired:
            print(f"server did not stop in 60 s: {self.log()[-1500:]}")
            self.proc.kill()
            self.proc.wait()
            return None

    def client(self):
        return Client(self.port)


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.getheaders()
        self.body = r.read().decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]


class Client:
    """One browser: its cookies, and the last CSRF token it was given."""

    def __init__(self, port):
        self.port = port
        self.timeout = 20  # seconds a request may take (a test may raise it)
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None, raw=False,
                chunked=False):
        c = http.client.HTTPConnection("127.0.0.1", self.port,
                                       timeout=self.timeout)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in
                                    self.cookies.items())
        if body is not None and not raw:
            body = urllib.parse.urlencode(body).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if chunked:  # body sent in 1 KiB chunks, no Content-Length
            parts = [body[i:i + 1024] for i in range(0, len(body), 1024)]
            c.request(method, path, body=iter(parts), headers=h,
                      encode_chunked=True)
        else:
            c.request(method, path, body=body, headers=h)
        r = Response(c.getresponse())
        c.close()
        for v in r.headers_all("Set-Cookie"):
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in v:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.body)
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, csrf=True, **kw):
        fields = dict(fields)
        if csrf and "csrf" not in fields and self.csrf:
            fields["csrf"] = self.csrf
        return self.request("POST", path, body=fields, **kw)

    def login(self, name, password=None):
        self.get("/login")
        r = self.post("/login", {"name": name,
                                 "password": password or "password-" + name})
        if r.status == 303:  # follow, as a browser does
            self.get(r.header("Location"))
        return r


def text(body):
    """The page's text with tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


# A valid 居民身份证 number (GB 11643 check digit) and a form of 第二十九条.
ID_NUMBER = "11010519491231002X"
APPLY = {
    "applicant_type": "natural", "name": "张三", "id_type": "resident_id",
    "id_number": ID_NUMBER, "phone": "13800000000", "email": "",
    "address": "", "description": "2025年本县义务教育经费使用情况",
    "form": "electronic", "delivery": "email",
}
