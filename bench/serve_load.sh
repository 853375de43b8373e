#!/usr/bin/env bash
# serve_load.sh BUILD_DIR: gongkai serve under load (issue 12 item 6), side by
# side in one run with nginx serving a static file of the same size.
#
# wrk on loopback (127.0.0.1 only) against two pages of gongkai serve:
#   status     POST /status with a real tracking code (the applicant's page:
#              the code's hash looked up, the ledger opened, the steps read)
#   catalogue  GET /catalogue?q=义务教育 (trigram search over GK_CATALOGUE_N
#              items, default 10,000)
# and nginx (Debian nginx-light, run as this user from its own prefix and
# config in a temporary directory, on a free port) serving a file of each
# page's size. For each: requests/s, the ratio gongkai / nginx, p99 at 256
# connections; then 1,000 connections on gongkai, which must see zero
# errors (connect, read, write, timeout, non-2xx). Goals: >= 0.3x nginx,
# p99 < 50 ms at 256 connections (printed as met or missed). Exit 1 when
# gongkai answered any request with an error, else 0.
#
# gongkai serve runs with --max-connections 2048 --max-per-ip 2048 (every
# wrk connection comes from 127.0.0.1) and --status-lookups 1000000 (the
# per-address limit would answer 429), `ulimit -n` raised to 65536 (or the hard limit, when lower).
# GK_LOAD_SECONDS (default 10) per run, GK_SERVE_THREADS (default: the server's, one a core).
set -euo pipefail
build=${1:?usage: bench/serve_load.sh BUILD_DIR}
build=$(cd "$build" && pwd)
g=$build/gongkai
secs=${GK_LOAD_SECONDS:-10}
threads=${GK_SERVE_THREADS:-$(nproc)}
n=${GK_CATALOGUE_N:-10000}
[ -x "$g" ] || { echo "bench: $g missing (build first)" >&2; exit 2; }
for t in wrk nginx curl python3; do
  command -v $t >/dev/null || [ -x /usr/sbin/$t ] ||
    { echo "bench: $t missing (make deps-bench)" >&2; exit 2; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dir=$(mktemp -d "${TMPDIR:-/tmp}/gk_load.XXXXXX")
spid="" npid=""
cleanup() {
  [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
  [ -n "$npid" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

# --- the ledger: a catalogue of n items, and one application to look up ---
db=$dir/load.db
"$g" ledger init --db "$db" --agency "基准测试县人民政府" --level department 2>/dev/null
y=$(date +%Y)
for year in "$y" $((y + 1)); do
  printf 'notice %s 测试用〔%s〕1号 %s-01-01\noff  %s-01-01..%s-01-01 元旦\n' \
    "$year" "$year" "$y" "$year" "$year" |
    "$g" ledger calendar-add --db "$db" - >/dev/null 2>&1 || true
done
"$g" serve catalogue sync --db "$db"
python3 - "$db" "$n" <<'PY'
import random, sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
random.seed(20261207)
words = ["义务教育", "道路养护", "森林防火", "最低生活保障", "饮水安全", "土地征收"]
con = sqlite3.connect(db)
with con:
    for i in range(1, n + 1):
        d = f"{2016 + i * 10 // (n + 1)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        w = random.choice(words)
        con.execute("INSERT INTO srv_catalogue (index_no, doc_no, title, topic,"
                    " written_on, published_on, body) VALUES (?,?,?,?,?,?,?)",
                    (f"000000000-{d[:4]}-{i:06d}", f"基府发〔{d[:4]}〕{i}号",
                     f"关于{w}工作的通知（第{i}号）", "规范性文件", d, d,
                     f"为做好{w}工作，现将有关事项通知如下。" * 5))
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$g" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" \
  --max-connections 2048 --max-per-ip 2048 --status-lookups 1000000 \
  --apply-per-hour 100 2>"$dir/serve.err" >/dev/null &
spid=$!
port=""
for _ in $(seq 1 200); do
  port=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$dir/serve.err" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "bench: gongkai serve did not start" >&2; cat "$dir/serve.err" >&2; exit 1; }
base=http://127.0.0.1:$port

# an application, its tracking code, and a CSRF cookie and token for POSTs
jar=$dir/jar
token=$(curl -s -c "$jar" "$base/apply" | grep -o 'name="csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{64\}')
curl -s -b "$jar" -c "$jar" "$base/apply" -o "$dir/receipt.html" \
  --data-urlencode "csrf=$token" --data-urlencode applicant_type=natural \
  --data-urlencode name=张三 --data-urlencode id_type=resident_id \
  --data-urlencode id_number=11010519491231002X --data-urlencode phone=13800000000 \
  --data-urlencode description=本县义务教育经费使用情况 --data-urlencode form=electronic \
  --data-urlencode delivery=email
code=$(grep -o '<td class="code">[^<]*' "$dir/receipt.html" | sed 's/.*>//')
[ -n "$code" ] || { echo "bench: no receipt" >&2; exit 1; }
cookie=$(awk '$6 == "gk_csrf" {print "gk_csrf=" $7}' "$jar")
body="csrf=$token&code=$code"

curl -s -b "$jar" "$base/status" --data "$body" -o "$dir/status.html" -w '%{http_code}' |
  grep -qx 200 || { echo "bench: status lookup failed" >&2; exit 1; }
curl -s "$base/catalogue?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2" -o "$dir/catalogue.html"

cat >"$dir/status.lua" <<EOF
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
EOF

# --- nginx: the same sizes, static ---
mkdir -p "$dir/nginx/www" "$dir/nginx/logs"
cp "$dir/status.html" "$dir/nginx/www/status.html"
cp "$dir/catalogue.html" "$dir/nginx/www/catalogue.html"
nport=$(free_port)
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$dir/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/tmp_body;
  proxy_temp_path $dir/nginx/tmp_proxy;
  fastcgi_temp_path $dir/nginx/tmp_fastcgi;
  uwsgi_temp_path $dir/nginx/tmp_uwsgi;
  scgi_temp_path $dir/nginx/tmp_scgi;
  default_type text/html;
  server { listen 127.0.0.1:$nport; root $dir/nginx/www; }
}
EOF
"$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" &
npid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$nport/status.html" && break
  sleep 0.05
done

# wrk RUN-NAME CONNECTIONS URL [SCRIPT]: one run, its figures as
# "rps p99_ms errors" in $dir/RUN-NAME
run() {
  local name=$1 c=$2 url=$3 script=${4:-}
  local t=2
  wrk -t$t -c"$c" -d"${secs}s" --timeout 10s --latency ${script:+-s "$script"} "$url" \
    >"$dir/$name.out" 2>&1 || true
  python3 - "$dir/$name.out" >"$dir/$name" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(s):
    v, u = float(re.match(r"([\d.]+)", s).group(1)), re.search(r"[a-z]+$", s).group(0)
    return v * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
err = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", t))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err += int(m.group(1)) if m else 0
print(f"{rps:.0f} {p99:.1f} {err}")
PY
}

echo "gongkai serve vs nginx (static file of the same size), loopback, ${secs} s a run,"
echo "$(nproc) cores, gongkai --threads $threads, nginx worker_processes auto"
printf '%-10s %6s %7s | %10s %9s %6s | %10s %9s | %6s\n' page bytes conns \
  "gongkai/s" "p99 ms" errors "nginx/s" "p99 ms" ratio
fail=0
for page in status catalogue; do
  if [ $page = status ]; then url=$base/status script=$dir/status.lua
  else url="$base/catalogue?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2" script=""; fi
  size=$(stat -c %s "$dir/$page.html")
  run "g-$page" 256 "$url" "$script"
  run "n-$page" 256 "http://127.0.0.1:$nport/$page.html"
  read -r grps gp99 gerr <"$dir/g-$page"
  read -r nrps np99 _ <"$dir/n-$page"
  ratio=$(python3 -c "print(f'{$grps / $nrps:.2f}')")
  printf '%-10s %6s %7s | %10s %9s %6s | %10s %9s | %5sx\n' $page "$size" 256 \
    "$grps" "$gp99" "$gerr" "$nrps" "$np99" "$ratio"
  python3 -c "import sys; sys.exit(0 if $grps / $nrps >= 0.3 and $gp99 < 50 else 1)" &&
    echo "  $page: goals met (>= 0.3x nginx, p99 < 50 ms)" ||
    echo "  $page: goal MISSED (>= 0.3x nginx, p99 < 50 ms; load average $(cut -d' ' -f1 /proc/loadavg))"
  [ "$gerr" = 0 ] || { echo "  $page: errors at 256 connections"; fail=1; }
  run "g1k-$page" 1000 "$url" "$script"
  read -r krps kp99 kerr <"$dir/g1k-$page"
  printf '%-10s %6s %7s | %10s %9s %6s |\n' $page "$size" 1000 "$krps" "$kp99" "$kerr"
  [ "$kerr" = 0 ] || { echo "  $page: errors at 1000 connections"; sed -n '/Socket errors/p;/Non-2xx/p' "$dir/g1k-$page.out"; fail=1; }
done
exit $fail
