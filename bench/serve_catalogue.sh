#!/usr/bin/env bash
# serve_catalogue.sh BUILD_DIR: the 政府信息公开目录 of gongkai serve with
# 100,000 items (issue 12: "pages that load fast with 100,000 items").
#
# Makes a ledger once in BUILD_DIR/bench-serve (never in git), creates the
# server's tables (gongkai serve catalogue sync) and fills srv_catalogue
# with GK_CATALOGUE_N items (default 100,000) in one transaction (the FTS5
# trigram index is kept by the table's triggers). Then starts the server on
# 127.0.0.1 (ephemeral port) and times, GK_BENCH_RUNS times each (default
# 20), the first page, a deep page, a trigram search (3+ characters), a
# two-character search (LIKE scan) and an item; prints the median and the
# worst in ms. Goal: every page under 100 ms.
set -euo pipefail
build=${1:?usage: bench/serve_catalogue.sh BUILD_DIR}
build=$(cd "$build" && pwd)
n=${GK_CATALOGUE_N:-100000}
runs=${GK_BENCH_RUNS:-20}
dir=$build/bench-serve
db=$dir/catalogue-$n.db
g=$build/gongkai
[ -x "$g" ] || { echo "bench: $g missing (build first)" >&2; exit 2; }
mkdir -p "$dir"
if [ ! -f "$db" ]; then
  "$g" ledger init --db "$db" --agency "基准测试县人民政府" --level department 2>/dev/null
  "$g" serve catalogue sync --db "$db"
  python3 - "$db" "$n" <<'PY'
import random, sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
random.seed(20261207)
words = ["义务教育", "道路养护", "森林防火", "最低生活保障", "饮水安全", "土地征收",
         "环境保护", "安全生产", "医疗保障", "住房保障", "乡村振兴", "营商环境"]
kinds = ["通知", "办法", "意见", "规定", "方案", "决定"]
con = sqlite3.connect(db)
with con:
    for i in range(1, n + 1):
        y = 2016 + i * 10 // (n + 1)
        d = f"{y}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        w = random.choice(words)
        title = f"关于{w}工作的{random.choice(kinds)}（第{i}号）"
        con.execute("INSERT INTO srv_catalogue (index_no, doc_no, title, topic,"
                    " written_on, published_on, body) VALUES (?,?,?,?,?,?,?)",
                    (f"000000000-{y}-{i:06d}", f"基府发〔{y}〕{i}号", title,
                     "规范性文件", d, d, f"为做好{w}工作，现将有关事项通知如下。" * 5))
PY
fi
python3 - "$g" "$db" "$runs" <<'PY'
import http.client, re, signal, statistics, subprocess, sys, tempfile, time
import urllib.parse
g, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
err = tempfile.TemporaryFile(mode="w+")
p = subprocess.Popen([g, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                     stdout=subprocess.DEVNULL, stderr=err)
port = None
for _ in range(400):
    time.sleep(0.05)
    err.seek(0)
    m = re.search(r"127\.0\.0\.1:(\d+)/", err.read())
    if m:
        port = int(m.group(1))
        break
if not port:
    p.kill()
    sys.exit("server did not start")
paths = [("first page", "/catalogue"),
         ("page 2500", "/catalogue?page=2500"),
         ("trigram 最低生活保障", "/catalogue?q=" + urllib.parse.quote("最低生活保障")),
         ("trigram, deep page", "/catalogue?page=300&q=" + urllib.parse.quote("森林防火")),
         ("2 chars 安全 (LIKE)", "/catalogue?q=" + urllib.parse.quote("安全")),
         ("an item", "/catalogue/77777")]
print(f"{'page':24} {'median ms':>10} {'worst ms':>10}")
for name, path in paths:
    t = []
    for _ in range(runs):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t0 = time.perf_counter()
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        t.append((time.perf_counter() - t0) * 1000)
        c.close()
        assert r.status == 200, (path, r.status)
    print(f"{name:24} {statistics.median(t):10.1f} {max(t):10.1f}")
p.send_signal(signal.SIGTERM)
p.wait(timeout=30)
PY
