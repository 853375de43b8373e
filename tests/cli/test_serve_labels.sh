#!/usr/bin/env bash
# Every page of gongkai serve, as each role reaches it by following links
# (a browser's crawl of the demo ledger, tools/serve_demo.sh, with
# applications in every state added), shows ids by their official labels:
# no internal id (natural, registered, in_person, denied.state_secret,
# request-correction, county_gov_or_above...) in the text a reader sees
# (issue 12: "internal ids in Chinese output"). Attribute values, code
# samples and the templates' text areas are not reading text.
set -euo pipefail
exec timeout 600 python3 - "$@" <<'PY'
import atexit, html, os, re, shutil, signal, subprocess, sys, tempfile, time
import urllib.parse
sys.path.insert(0, os.path.join(os.environ["GK_SOURCE_DIR"], "tests", "cli"))
from serve_lib import Server, check, finish, run

# the library's ids (gk_vocab_id, gk_app_action_name, gk_app_state_name),
# the server's own (ID documents, forms, deliveries)
IDS = set("""natural business research nonprofit legal other
in_person registered_mail ordinary_mail online fax
granted partial denied.state_secret denied.prohibited denied.security
denied.third_party denied.internal denied.deliberative denied.enforcement
denied.inquiry unable.not_held unable.needs_creation unable.unclear
refused.petition refused.repeat refused.publication refused.excessive
refused.confirmation other.no_correction other.no_fee other.other
registered correction_requested consulting fee_pending answered abandoned
withdrawn county_gov_or_above department request-correction correct lapse
consult consult-end extend fee-notice fee-paid fee-lapse answer withdraw
later-deadline resident_id passport hk_macao taiwan credit_code paper
electronic disc mail pickup email void revoke""".split())
# (the roles' ids are left out: the demo's accounts are named after them)

d = tempfile.mkdtemp(prefix="gk_labels_")
atexit.register(shutil.rmtree, d, True)
env = dict(os.environ, GK_DEMO_DIR=os.path.join(d, "demo"))
log = open(os.path.join(d, "out"), "w+")
p = subprocess.Popen(["bash", os.path.join(os.environ["GK_SOURCE_DIR"], "tools",
                      "serve_demo.sh"), d, "0"], env=env, stdout=log, stderr=log)
atexit.register(lambda: p.poll() is None and (p.kill(), p.wait()))
out = ""
for _ in range(1200):
    time.sleep(0.05)
    log.seek(0)
    out = log.read()
    if "listening on" in out or p.poll() is not None:
        break
check("demo ledger made", "listening on" in out, out[-500:])
p.send_signal(signal.SIGINT)
p.wait(timeout=60)
accounts = dict(re.findall(r"^  (\w+) / (\S+)$", out, re.M))
db = os.path.join(d, "demo", "demo.db")

# an application in each state the demo lacks, each step with its letter
y = time.localtime().tm_year
today = time.strftime("%Y-%m-%d")
def cli(*a):
    r = run(*a)
    check(" ".join(a[:4]), r.returncode == 0, r.stderr[-300:])
for ref, typ, ch in [("L-C", "legal", "fax"), ("L-F", "research", "online"),
                     ("L-A", "nonprofit", "ordinary_mail"),
                     ("L-V", "natural", "in_person"),
                     ("L-W", "other", "registered_mail"),
                     ("L-D", "natural", "in_person")]:
    cli("application", "add", "--db", db, "--ref", ref, "--type", typ,
        "--channel", ch, "--arrived", today, "--name", "某申请人",
        "--description", "某项信息", "--applicant-key", "11010519491231002X",
        *(["--confirmed", today] if ch in ("fax", "online") else []))
cli("application", "act", "--db", db, "L-C", "consult", "--reason", "某公司")
cli("application", "act", "--db", db, "L-F", "fee-notice", "--pages", "300")
cli("application", "act", "--db", db, "L-A", "extend", "--reason", "需要检索",
    "--days", "5")
cli("application", "act", "--db", db, "L-A", "answer", "--outcome",
    "denied.third_party", "--basis", "第十五条")
cli("application", "void", "--db", db, "L-V", "--reason", "重复登记")
cli("application", "act", "--db", db, "L-W", "withdraw")
# 第三十五条's later deadline: a step the server once had no label for
later = time.strftime("%Y-%m-%d", time.localtime(time.time() + 90 * 86400))
cli("application", "act", "--db", db, "L-D", "later-deadline", "--reason",
    "申请数量明显超过合理范围", "--until", later)

srv = Server(db=db)

SKIP = re.compile(r"^/(static/|logout)|format=|\.(docx|xlsx)$|/original$")


def reading_text(body):
    body = re.sub(r"(?is)<(script|style|textarea|code|pre)\b.*?</\1>", " ", body)
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


FIXTURES = ["/office/app/" + r
            for r in ("L-C", "L-F", "L-A", "L-V", "L-W", "L-D")]


def crawl(role, c):
    # the added applications first (the queue alone reaches only a few)
    seen, queue, pages, bad = set(), ["/"] + FIXTURES, 0, []
    per_pattern = {}
    while queue and pages < 400:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        # at most 4 pages of one shape (the queue holds hundreds)
        shape = re.sub(r"\d+", "N", urllib.parse.urlsplit(path).path)
        shape = re.sub(r"/office/app/[^/]+", "/office/app/R", shape)
        per_pattern[shape] = per_pattern.get(shape, 0) + 1
        if per_pattern[shape] > 8:
            continue
        r = c.get(path)
        pages += 1
        if path in FIXTURES and role in ("clerk", "reviewer", "head"):
            check(f"{role}: {path} 200", r.status == 200, r.status)
        if not (r.header("Content-Type") or "").startswith("text/html"):
            continue
        words = set(re.findall(r"[A-Za-z][A-Za-z_.\-]*[A-Za-z]", reading_text(r.body)))
        shown = sorted(words & IDS)
        if "未知" in reading_text(r.body):  # a label the server lacks
            shown.append("未知")
        if shown:
            bad.append((path, shown))
        if path == "/office/app/L-D" and r.status == 200:
            check(f"{role}: the later deadline named",
                  "确定延迟答复期限" in reading_text(r.body))
        for href in re.findall(r'href="([^"]+)"', r.body):
            href = html.unescape(href)
            if href.startswith("/") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    check(f"{role}: crawled pages", pages > 10, pages)
    check(f"{role}: no internal id in the text", not bad, bad[:8])
    return pages


total = crawl("public", srv.client())
for role in ["clerk", "reviewer", "head", "supervisor", "admin"]:
    c = srv.client()
    r = c.login(role, accounts.get(role))
    check(f"{role} logs in", r.status == 303, r.status)
    total += crawl(role, c)
print(f"serve_labels: {total} pages read")
check("stops", srv.stop() == 0)
finish("serve_labels")
PY
