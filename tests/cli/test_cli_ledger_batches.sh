#!/usr/bin/env bash
# test_cli_ledger_batches.sh: a long import does not lock the others out
# and never shows half of itself (issue 15 point 4; docs/ledger.md "CSV").
# While a big import runs, `application add` from other processes goes
# through (the import stages its rows in batches outside the ledger and
# writes the ledger only in one short final transaction), and `application
# list` and `report` see none of its rows; afterwards every row is there
# once, beside the adds. Then SIGKILL at random moments of the import:
# integrity_check ok, no imported row, no audit row, and the same file
# imports afterwards.
#   GK_BATCH_ROWS (300000; 60000 under sanitizers) rows, GK_BATCH_KILLS (6) kills, GK_BATCH_SEED.
source "$(dirname "$0")/lib.sh"
# (fewer rows under the sanitizers, which make the import ~10x slower)
if [ "${GK_SANITIZE:-OFF}" = ON ]; then rows=${GK_BATCH_ROWS:-60000}; else
  rows=${GK_BATCH_ROWS:-300000}; fi
kills=${GK_BATCH_KILLS:-6}
seed=${GK_BATCH_SEED:-$$}
RANDOM=$seed
echo "batches test: $rows rows, $kills kills, seed $seed"
db="$tmp/b.db"
export USER=clerk
q() { sqlite3 "$db" "$1"; }
"$G" ledger init -q --db "$db" --agency 某局 --level department
awk -v n=50 -v seed=5 -v prefix=B -f "$SRC/bench/gen_ledger_csv.awk" > "$tmp/base.csv"
"$G" ledger import -q --db "$db" "$tmp/base.csv"
awk -v n="$rows" -v seed=13 -v prefix=I -f "$SRC/bench/gen_ledger_csv.awk" > "$tmp/big.csv"
"$G" report --db "$db" --year 2024 --date 2026-01-20 > "$tmp/report0.json"
audit0=$(q "SELECT count(*) FROM audit_log")

alive() { kill -0 "$1" 2>/dev/null; }

# How long the import takes here: the writers start a quarter into it,
# once it is surely past its start (before its first row it holds no lock
# on main either).
cp "$db" "$tmp/t.db"
cp "$db.key" "$tmp/t.db.key"
start=$(date +%s%N)
"$G" ledger import -q --db "$tmp/t.db" "$tmp/big.csv"
span=$((($(date +%s%N) - start) / 1000000 + 1))
rm -f "$tmp/t.db"*

# 1. Writers and readers during the import. An add counts as "during"
# when it returned while none of the imported rows was committed yet.
"$G" ledger import -q --db "$db" "$tmp/big.csv" 2>"$tmp/import.err" &
pid=$!
sleep "$(printf '%d.%03d' $((span / 4000)) $((span / 4 % 1000)))"
adds=0       # adds that succeeded
during=0     # ... and returned while the import still ran
seen_none=0  # lists during the import that saw no imported row
j=0
while alive "$pid"; do
  j=$((j + 1))
  rc=0
  "$G" application add -q --db "$db" --ref "W-$j" --type natural \
    --channel in_person --arrived 2025-06-09 >/dev/null 2>"$tmp/err" || rc=$?
  if [ "$rc" -eq 0 ]; then
    adds=$((adds + 1))
    [ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'")" = 0 ] &&
      during=$((during + 1))
  else
    bad "add W-$j during the import: exit $rc"
  fi
  rc=0
  "$G" application list -q --db "$db" > "$tmp/list" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 0 ] && ok || bad "list during the import: exit $rc"
  n=$(grep -c '^I-' "$tmp/list" || true)
  still=0
  alive "$pid" && still=1
  if [ "$n" = 0 ]; then
    [ "$still" = 1 ] && seen_none=$((seen_none + 1))
    ok
  elif [ "$n" = "$rows" ]; then
    ok # committed already
  else
    bad "list during the import saw $n of $rows imported rows"
  fi
  if [ "$n" = 0 ] && [ $((j % 3)) = 1 ]; then
    "$G" report --db "$db" --year 2024 --date 2026-01-20 > "$tmp/report1.json" 2>"$tmp/err" || true
    # the import may commit between the list and the report
    if cmp -s "$tmp/report0.json" "$tmp/report1.json" ||
      [ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'")" = "$rows" ]; then ok; else
      bad "report during the import differs from the one before it"
    fi
  fi
done
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 0 ] && ok || bad "the import failed (exit $rc): $(head -c 300 "$tmp/import.err")"
echo "batches test: import ${span} ms, $adds adds, $during before it committed, $seen_none lists saw none of it"
[ "$during" -ge 1 ] && ok || bad "no add went through before the import committed"
[ "$seen_none" -ge 1 ] && ok || bad "no list ran during the import"
[ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'")" = "$rows" ] && ok ||
  bad "not every imported row is there"
[ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'W-%'")" = "$adds" ] && ok ||
  bad "not every add is there"
[ "$(q "SELECT count(*) FROM applications")" = $((50 + rows + adds)) ] && ok ||
  bad "rows there more than once"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'import'")" = 2 ] && ok ||
  bad "the import is not audited once"
[ "$(q "PRAGMA integrity_check")" = ok ] && ok || bad "integrity_check after the import"
# no staging table in the ledger itself
[ "$(q "SELECT count(*) FROM sqlite_master WHERE name LIKE '%staging%'")" = 0 ] && ok ||
  bad "a staging table in the ledger"

# 2. SIGKILL at random moments of an import of the same size.
rm -f "$db" "$db-wal" "$db-shm" "$db.key"
"$G" ledger init -q --db "$db" --agency 某局 --level department
"$G" ledger import -q --db "$db" "$tmp/base.csv"
q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$db" "$tmp/base.db"
killed=0
for i in $(seq 1 "$kills"); do
  delay=$(((RANDOM * 32768 + RANDOM) % span))
  "$G" ledger import -q --db "$db" "$tmp/big.csv" 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  [ "$(q "PRAGMA integrity_check")" = ok ] && ok || bad "kill $i: integrity_check"
  n=$(q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'")
  if [ "$n" = "$rows" ]; then
    # finished (or committed) before the kill: start again from the base
    cp "$tmp/base.db" "$db"
    rm -f "$db-wal" "$db-shm"
    continue
  fi
  killed=$((killed + 1))
  [ "$n" = 0 ] && ok || bad "kill $i after $delay ms: $n imported rows visible"
  [ "$(q "SELECT count(*) FROM audit_log WHERE action = 'import'")" = 1 ] && ok ||
    bad "kill $i: an import audit row survived"
  run "$G" application list -q --db "$db"
  expect_rc "list after kill $i" 0
  [ "$(grep -c '^I-' "$tmp/out" || true)" = 0 ] && ok || bad "kill $i: list shows imported rows"
done
echo "batches test: $killed imports killed mid-way"
[ "$killed" -gt 0 ] && ok || bad "no import was killed mid-way"
run "$G" ledger import -q --db "$db" "$tmp/big.csv"
expect_rc "the same file after the kills" 0
[ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'")" = "$rows" ] && ok ||
  bad "the import after the kills is incomplete"
[ "$(q "PRAGMA integrity_check")" = ok ] && ok || bad "integrity_check at the end"

finish
