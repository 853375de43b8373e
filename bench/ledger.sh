#!/usr/bin/env bash
# ledger.sh BUILD_DIR: the ledger's import benchmark (run by bench/run.sh,
# `make bench`).
#
# Generates N (1,000,000) applications as ledger CSV with
# bench/gen_ledger_csv.awk into BUILD_DIR/bench-data (never into git), then
# measures in the same run, with hyperfine, each into a fresh database:
#   gongkai ledger import        validated, in batches of 10,000 rows
#   sqlite3 .import              the same CSV into a bare table: the floor
#   gongkai ledger import, keys   the same rows with an applicant_key
#                                 column: every ID number sealed and hashed
#                                 (the cost of encryption at rest)
# and prints the ratio against the goal: within 3x of sqlite3's .import;
# then times `application add` from another process during an import (the
# slowest add: about the import's longest write transaction).
# Results: BUILD_DIR/bench-results/ledger-*.json.
#
# Environment: GK_BENCH_LEDGER_N (1000000), GK_BENCH_LEDGER_RUNS (3),
# GK_BENCH_SEED (20260101), GK_BENCH_DATA (BUILD_DIR/bench-data).
set -euo pipefail
build=${1:?usage: bench/ledger.sh BUILD_DIR}
build=$(cd "$build" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
n=${GK_BENCH_LEDGER_N:-1000000}
runs=${GK_BENCH_LEDGER_RUNS:-3}
seed=${GK_BENCH_SEED:-20260101}
data=${GK_BENCH_DATA:-$build/bench-data}
results=$build/bench-results
gongkai=$build/gongkai
gen=$src/bench/gen_ledger_csv.awk

[ -x "$gongkai" ] || { echo "bench: $gongkai missing (build first)" >&2; exit 2; }
for tool in hyperfine sqlite3 python3; do
  command -v $tool >/dev/null || { echo "bench: $tool not installed" >&2; exit 2; }
done
mkdir -p "$data" "$results"

csv=$data/ledger-$n.csv
stamp="n=$n seed=$seed gen=$(stat -c %Y "$gen")"
if [ ! -f "$csv.stamp" ] || [ "$(cat "$csv.stamp")" != "$stamp" ]; then
  echo "bench: generating $n applications in $csv"
  awk -v n="$n" -v seed="$seed" -v prefix=A -f "$gen" > "$csv"
  awk -v n="$n" -v seed="$seed" -v prefix=A -v keys=1 -f "$gen" > "$csv.keys"
  echo "$stamp" > "$csv.stamp"
fi
db=$data/ledger-bench.db
bare=$data/ledger-bare.db
bytes=$(stat -c %s "$csv")
echo "bench: ledger import of $n applications ($((bytes / 1000000)) MB of CSV)"

hyperfine --runs "$runs" -N --style basic --export-json "$results/ledger-import.json" \
  --prepare "bash -c 'rm -f $db $db-wal $db-shm $db-journal $db.key && $gongkai ledger init -q --db $db --agency bench --level department'" \
  -n gongkai-import "$gongkai ledger import -q --db $db $csv" \
  --prepare "bash -c 'rm -f $db $db-wal $db-shm $db-journal $db.key && $gongkai ledger init -q --db $db --agency bench --level department'" \
  -n gongkai-import-keys "$gongkai ledger import -q --db $db $csv.keys" \
  --prepare "rm -f $bare" \
  -n sqlite3-import "sqlite3 $bare '.mode csv' '.import $csv apps'" \
  > "$results/ledger-import.log" 2>&1 || { cat "$results/ledger-import.log" >&2; exit 1; }

rows=$(sqlite3 "$db" "SELECT count(*) FROM applications")
[ "$rows" = "$n" ] || { echo "bench: the ledger holds $rows rows, not $n" >&2; exit 1; }

python3 - "$results/ledger-import.json" "$n" "$bytes" "$results/ledger-summary.json" <<'PY'
import json, sys
path, n, nbytes, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
res = {r["command"]: r for r in json.load(open(path))["results"]}
g, s = res["gongkai-import"], res["sqlite3-import"]
k = res["gongkai-import-keys"]
for name, r in (("gongkai ledger import", g), ("import, ID numbers sealed", k),
                ("sqlite3 .import (floor)", s)):
    print(f"  {name:<26} {r['mean']:8.2f} s ± {r['stddev'] or 0:.2f}"
          f" (user {r['user']:.2f} s, sys {r['system']:.2f} s)"
          f"  {n / r['mean']:9.0f} rows/s")
ratio = g["mean"] / s["mean"]
ok = ratio <= 3
print(f"  gongkai/sqlite3: {ratio:.2f}x (user time {g['user'] / s['user']:.2f}x)")
kratio = k["mean"] / s["mean"]
print(f"  with sealed ID numbers/sqlite3: {kratio:.2f}x; encryption costs "
      f"{k['mean'] / g['mean']:.2f}x the plain import")
ok = ok and kratio <= 3
print(f"  goal import within 3x of sqlite3 .import: {'met' if ok else 'NOT met'} ({ratio:.2f}x)")
json.dump({"rows": n, "bytes": nbytes,
           "seconds": {"gongkai_import": g["mean"], "sqlite3_import": s["mean"],
                       "gongkai_import_keys": k["mean"]},
           "ratio": ratio, "goals": {"import within 3x of sqlite3 .import": ok}},
          open(out, "w"), indent=2)
PY
rm -f "$bare"

# Another clerk during the import: `application add` in a loop from another
# process while `ledger import` runs into a fresh ledger. The slowest add is
# about the import's longest write transaction (plus the add's own run,
# given as the median add); an add that fails waited past its busy timeout
# (5 s). GK_BENCH_LEDGER_ADDS=0 skips this.
if [ "${GK_BENCH_LEDGER_ADDS:-1}" != 0 ]; then
  rm -f "$db" "$db-wal" "$db-shm" "$db-journal" "$db.key" "$db-import"
  "$gongkai" ledger init -q --db "$db" --agency bench --level department
  "$gongkai" ledger import -q --db "$db" "$csv" 2>/dev/null &
  imp=$!
  : > "$results/ledger-adds.txt"
  i=0
  fails=0
  while kill -0 "$imp" 2>/dev/null; do
    i=$((i + 1))
    t0=$(date +%s%N)
    "$gongkai" application add -q --db "$db" --ref "W-$i" --type natural \
      --channel in_person --arrived 2025-06-09 >/dev/null 2>&1 || fails=$((fails + 1))
    echo $((($(date +%s%N) - t0) / 1000000)) >> "$results/ledger-adds.txt"
  done
  wait "$imp" || { echo "bench: the import with adds failed" >&2; exit 1; }
  sort -n "$results/ledger-adds.txt" | awk -v f="$fails" '
    { v[NR] = $1 } END {
      if (!NR) { print "  no add ran during the import"; exit }
      printf "  adds during the import: %d, %d failed; median %d ms, slowest %d ms\n",
        NR, f, v[int((NR + 1) / 2)], v[NR] }'
fi
echo "bench: ledger details in $results/ (ledger-import.json, ledger-summary.json, ledger-adds.txt)"
