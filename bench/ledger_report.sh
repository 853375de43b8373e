#!/usr/bin/env bash
# ledger_report.sh BUILD_DIR: time of `gongkai report --year N` on a ledger
# of 1,000,000 applications (goal: < 1 s).
#
# Makes the ledger once in BUILD_DIR/bench-ledger (never in git): a CSV of
# GK_LEDGER_N applications (default 1,000,000) received over ten years
# (2016-2025), every applicant type, every outcome of the 2021 format, the
# last weeks' still open, imported with `gongkai ledger import` (one
# transaction). Then times the report of 2025 (format 2021) and of 2020
# (format 2019) with hyperfine, and prints the mean and the goal.
# Environment: GK_LEDGER_N, GK_BENCH_RUNS (5).
set -euo pipefail
build=${1:?usage: bench/ledger_report.sh BUILD_DIR}
build=$(cd "$build" && pwd)
n=${GK_LEDGER_N:-1000000}
runs=${GK_BENCH_RUNS:-5}
dir=$build/bench-ledger
db=$dir/ledger-$n.db
g=$build/gongkai
[ -x "$g" ] || { echo "bench: $g missing (build first)" >&2; exit 2; }
mkdir -p "$dir"

if [ ! -f "$db" ]; then
  csv=$dir/apps-$n.csv
  # Outcomes of the 2021 apply table with their closing state (ledger.md CSV).
  awk -v n="$n" 'BEGIN {
    srand(20260101);
    split("natural business research nonprofit legal other", type, " ");
    split("granted partial denied.state_secret denied.prohibited denied.security denied.third_party denied.internal denied.deliberative denied.enforcement denied.inquiry unable.not_held unable.needs_creation unable.unclear refused.petition refused.repeat refused.publication refused.excessive refused.confirmation other.no_correction other.no_fee other.other", out, " ");
    split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ");
    print "ref,applicant_type,applicant_name,contact,channel,arrived_on,received_on,description,state,outcome,basis,closed_on,due_on,extended";
    for (i = 0; i < n; i++) {
      y = 2016 + int(i * 10 / n); m = 1 + int(rand() * 12); d = 1 + int(rand() * 28);
      recv = sprintf("%04d-%02d-%02d", y, m, d);
      t = type[1 + int(rand() * 6)];
      if (y == 2025 && m == 12 && d > 10) {  # still open at the end
        printf "B%07d,%s,,,in_person,%s,%s,,registered,,,,,0\n", i, t, recv, recv;
        continue;
      }
      # closed 1 to 40 days later, possibly in the next year
      cd = d + 1 + int(rand() * 40); cm = m; cy = y;
      while (cd > mdays[cm]) { cd -= mdays[cm]; cm++; if (cm > 12) { cm = 1; cy++ } }
      o = out[1 + int(rand() * 21)];
      st = o == "other.other" ? "withdrawn" : (o ~ /^other\./ ? "abandoned" : "answered");
      printf "B%07d,%s,,,in_person,%s,%s,,%s,%s,条例,%04d-%02d-%02d,,0\n", i, t, recv, recv, st, o, cy, cm, cd;
    }
  }' > "$csv"
  rm -f "$db.tmp" "$db.tmp.key"
  "$g" ledger init --db "$db.tmp" --agency 基准测试局 --level department -u bench -q
  echo "bench: importing $n applications" >&2
  /usr/bin/time -f "bench: import %e s, %M KB" "$g" ledger import --db "$db.tmp" -u bench -q "$csv"
  mv "$db.tmp" "$db"
  mv "$db.tmp.key" "$db.key" # its key file (docs/ledger.md "Personal data")
  rm -f "$csv"
fi

echo "report of a ledger of $n applications (goal: < 1 s)"
for year in 2025 2020; do
  "$g" report --db "$db" --year "$year" --date $((year + 1))-01-20 -q > "$dir/report-$year.json"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$dir/hf-$year.json" \
      "$g report --db $db --year $year --date $((year + 1))-01-20 -q" >/dev/null
    mean=$(python3 -c "import json; print('%.3f' % json.load(open('$dir/hf-$year.json'))['results'][0]['mean'])")
  else
    start=$(date +%s.%N)
    "$g" report --db "$db" --year "$year" --date $((year + 1))-01-20 -q >/dev/null
    mean=$(echo "$(date +%s.%N) - $start" | bc)
  fi
  total=$(python3 -c "import json; d=json.load(open('$dir/report-$year.json')); a=d['tables']['apply']; print(a['new']['total'], a['carried_in']['total'], a['total']['total'], a['carried_out']['total'])")
  echo "  year $year: ${mean} s (new, carried in, closed, carried out: $total)"
done
