#!/usr/bin/env bash
# serve_demo.sh BUILD [PORT]: make run (and make serve-demo). A fresh demo
# ledger under BUILD/serve-demo/ (an account of every role, catalogue
# records, last year's applications, a few open ones, the five real reports
# on the supervisor desk), then gongkai serve on 127.0.0.1:PORT until Ctrl-C
# (SIGINT: graceful stop, exit 0). Demo passwords are printed: never use
# them elsewhere.
set -euo pipefail
build=${1:?usage: serve_demo.sh BUILD [PORT]}
port=${2:-8080}
G="${GONGKAI:-$build/gongkai}"
dir="${GK_DEMO_DIR:-$build/serve-demo}"
db="$dir/demo.db"
rm -rf "$dir"
mkdir -p "$dir"
q() { "$G" "$@" >/dev/null 2>"$dir/last.err" || { cat "$dir/last.err" >&2; exit 1; }; }

q ledger init --db "$db" --agency "示例县人民政府办公室" --level county_gov_or_above
y=$(date +%Y)
# The reply period of an application made late in the year ends in the next
# one: without next year's holiday notice the ledger refuses it. The demo
# adds a placeholder notice (New Year's Day only) when the built-in calendar
# lacks the year; it is marked 演示用 and is not the State Council's.
for year in "$y" $((y + 1)); do
  printf 'notice %s 演示用（非正式）〔%s〕1号 %s-01-01\noff  %s-01-01..%s-01-01 元旦\n' \
    "$year" "$year" "$y" "$year" "$year" |
    "$G" ledger calendar-add --db "$db" - >/dev/null 2>&1 || true
done
for kv in "office_name=示例县人民政府办公室政务公开科" "address=示例县人民路1号" \
          "office_hours=工作日 9:00–12:00，13:30–17:00" "phone=0000-1234567" \
          "email=gongkai@example.gov.cn" "postcode=000000" "index_prefix=000000000"; do
  q serve setting set --db "$db" "${kv%%=*}" "${kv#*=}"
done
accounts=""
for role in clerk reviewer head supervisor admin; do
  pw="demo-$role-password"
  printf '%s\n' "$pw" | q serve user add --db "$db" --name "$role" --role "$role"
  accounts="$accounts  $role / $pw\n"
done
# the supervisor desk: the five real reports, as if uploaded by the
# supervisor account (issue 12 item 4)
q serve desk add --db "$db" --name supervisor "$(dirname "$0")"/../tests/data/seeds/*.txt
titles=("关于进一步规范义务教育收费管理的通知" "示例县城乡道路养护管理办法"
        "关于做好秋冬季森林防火工作的通知" "示例县政府信息公开工作规定"
        "关于调整最低生活保障标准的通知" "示例县农村饮水安全工程建设管理办法")
i=0
for t in "${titles[@]}"; do
  i=$((i + 1))
  q record add --db "$db" --actor drafter --kind normative --doc-no "示府发〔$y〕${i}号" \
    --title "$t" --date "$y-0$(( (i % 9) + 1 ))-1$i"
  q record approve --db "$db" --actor reviewer "$i"
done
# --- demo: a year of applications (make run, issue 12 item 1) ---
# Last year's, all closed (the public report page of last year counts
# them), and one open application for each of the last 8 days.
recent=""
for k in 8 7 6 5 4 3 2 1; do recent="$recent $(date -d "-$k day" +%F)"; done
awk -v year=$((y - 1)) -v n="${GK_DEMO_APPS:-360}" -v recent="$recent" \
  -f "$(dirname "$0")/demo_apps.awk" >"$dir/apps.csv"
q ledger import --db "$db" "$dir/apps.csv"
today=$(date +%F)
q application add --db "$db" --ref "$y-001" --type natural --channel in_person \
  --arrived "$y-01-15" --name "王某" --description "本县2023年财政预算执行情况"
q application add --db "$db" --ref "$y-002" --type business --channel registered_mail \
  --arrived "$today" --name "某建设有限公司" --description "某道路工程的招标文件"
q application add --db "$db" --ref "$y-003" --type natural --channel in_person \
  --arrived "$today" --name "李某" --description "关于本村土地征收的批复"
q application act --db "$db" "$y-003" request-correction --on "$today"
echo
[ "$port" = 0 ] || echo "gongkai serve demo: http://127.0.0.1:$port/"
echo "ledger: $db"
echo "accounts (demo only):"
printf "$accounts"
echo "Ctrl-C stops the server."
exec "$G" serve --db "$db" --listen "127.0.0.1:$port"
