"""serve_lib.py: what the gongkai serve tests share (tests/cli/test_serve_*.sh).

Starts `gongkai serve` on 127.0.0.1 with an ephemeral port (never another
address), talks to it with http.client (one client per simulated browser,
with its own cookies), stops it with SIGTERM and checks it stopped cleanly.
Every wait is bounded; a server that does not come up or go down fails the
test instead of hanging it.
"""
import atexit
import html
import http.client
import os
import re
import shutil
import signal
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


def run(*args, stdin=None):
    p = subprocess.run([G, *args], input=stdin, capture_output=True,
                       text=True, timeout=120)
    return p


class Server:
    """A gongkai serve process on 127.0.0.1:0 over a fresh ledger."""

    def __init__(self, extra=(), db=None, users=()):
        self.dir = tempfile.mkdtemp(prefix="gk_serve_")
        self.proc = None
        # whatever happens to the test (an exception, a failed assert), its
        # server is stopped and its files removed when python exits
        atexit.register(self._reap)
        self.db = db or os.path.join(self.dir, "office.db")
        if not db:
            p = run("ledger", "init", "--db", self.db, "--agency",
                    "某县人民政府办公室", "--level", "county_gov_or_above")
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
        self.proc = subprocess.Popen(
            [G, "serve", "--db", self.db, "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.DEVNULL, stderr=self.err)
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
