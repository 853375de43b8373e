#!/usr/bin/env bash
# test_cli_ledger_batches.sh: a long import commits in bounded batches
# inside one all-or-nothing import (issue 15 point 4; docs/ledger.md
# "Import"). With small batches (GK_IMPORT_BATCH) and a short busy timeout
# for everyone else (GK_BUSY_TIMEOUT_MS=1000; 3000 under the sanitizers):
# 1. `application add` from other processes always gets in while the import
#    runs, and `application list`, `show`, `ledger export` and `report` never
#    see part of it: none of its rows, or (once it is done) all of them;
#    a ref the import holds already is refused to an add, with the reason.
# 2. An add of a ref the import has not reached yet fails the import at
#    that row; the import's rows are removed and nothing of it is seen.
# 3. SIGKILL at random moments: integrity_check ok, nothing of it seen, no
#    audit row; the rows it left (hidden) are removed by the next command
#    (or the next import), and the same file imports afterwards.
#   GK_BATCH_ROWS (300000; 60000 under sanitizers) rows, GK_BATCH_SIZE
#   (2000; 500 under sanitizers) rows per batch, GK_BATCH_KILLS (4) kills, GK_BATCH_SEED.
# On both backends (tests/pg/pg_cli.sh). On PostgreSQL writers queue too
# (every write transaction takes one advisory lock, db_pg.c, waited for up
# to lock_timeout = the busy timeout), so the same checks hold; an import
# there is a few round trips per row (~600-1,700 rows/s, the sanitizers
# cost little): 10,000 rows in batches of 200, a 3 s timeout. There
# `ledger verify` stands for PRAGMA integrity_check, pg_class for
# sqlite_master, and a fresh schema for a copy of the file.
source "$(dirname "$0")/lib.sh"
# (fewer rows under the sanitizers, which make the import ~10x slower)
# and smaller batches there, and a longer wait: a batch must stay well
# within the others' busy timeout, which stays far below the import's length
mid=30000 # part 2's file: the first $mid rows
if is_pg; then
  rows=${GK_BATCH_ROWS:-10000}; mid=$((rows / 2))
  batch=200; export GK_BUSY_TIMEOUT_MS=3000
elif [ "${GK_SANITIZE:-OFF}" = ON ]; then rows=${GK_BATCH_ROWS:-60000}
  batch=500; export GK_BUSY_TIMEOUT_MS=3000
else rows=${GK_BATCH_ROWS:-300000}
  batch=2000; export GK_BUSY_TIMEOUT_MS=1000; fi
kills=${GK_BATCH_KILLS:-4}
seed=${GK_BATCH_SEED:-$$}
export GK_IMPORT_BATCH=${GK_BATCH_SIZE:-$batch}
RANDOM=$seed
echo "batches test: $rows rows in batches of $GK_IMPORT_BATCH, $kills kills, seed $seed"
export USER=clerk
# A new ledger: a file (removed first) or a fresh schema.
fresh=0
new_ledger() {
  fresh=$((fresh + 1))
  if is_pg; then db=$(ledger_target "b$fresh"); else
    db="$tmp/b.db"
    rm -f "$db" "$db-wal" "$db-shm" "$db.key" "$db-import"
  fi
  "$G" ledger init -q --db "$db" --agency 某局 --level department
}
q() { ledger_sql "$db" "$1"; }
# the ledger intact: SQLite's own check, PostgreSQL's audit chain
intact() {
  if is_pg; then "$G" ledger verify -q --db "$db" >/dev/null 2>"$tmp/err"
  else [ "$(q "PRAGMA integrity_check")" = ok ]; fi
}
# what every read of the ledger sees (store.h GK__APP_SEEN)
seen="(import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE state = 'done'))"
visible() { q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%' AND $seen"; }
stored() { q "SELECT count(*) FROM applications WHERE ref LIKE 'I-%'"; }
new_ledger
awk -v n=50 -v seed=5 -v prefix=B -f "$SRC/bench/gen_ledger_csv.awk" > "$tmp/base.csv"
"$G" ledger import -q --db "$db" "$tmp/base.csv"
awk -v n="$rows" -v seed=13 -v prefix=I -f "$SRC/bench/gen_ledger_csv.awk" > "$tmp/big.csv"
"$G" report --db "$db" --year 2024 --date 2026-01-20 > "$tmp/report0.json"
audit0=$(q "SELECT count(*) FROM audit_log")
# part 2's file: the first $mid rows
head -n $((mid + 1)) "$tmp/big.csv" > "$tmp/mid.csv"
last=$(tail -n 1 "$tmp/mid.csv" | cut -d, -f1)

alive() { kill -0 "$1" 2>/dev/null; }
# PostgreSQL lets a killed import's lock (store.c IMPORT_PG_LOCK, a
# session advisory lock) go once its server process has seen the client
# gone, as the kernel lets SQLite's flock go at the kill: wait for that,
# or the next command rightly leaves the rows to a later one.
pg_import_gone() {
  is_pg || return 0
  for _ in $(seq 1 200); do
    [ "$(command psql "$GK_TEST_PG_ADMIN" -XqAt -c "SELECT count(*) FROM pg_locks
      WHERE locktype = 'advisory' AND classid = 0 AND objid = $((0x676b696d))
      AND objsubid = 1")" = 0 ] && return 0
    sleep 0.05
  done
}
running() { [ "$(q "SELECT count(*) FROM imports WHERE state = 'running'")" != 0 ]; }

# 1. Writers and readers during the import.
start=$(date +%s%N)
"$G" ledger import -q --db "$db" "$tmp/big.csv" 2>"$tmp/import.err" &
pid=$!
adds=0       # adds that succeeded
during=0     # ... while the import had rows in the ledger, none seen
partial=0    # checks that found some of its rows stored, none seen
held=0       # adds of a ref the import holds, refused
j=0
while alive "$pid"; do
  j=$((j + 1))
  s=$(stored)
  run "$G" application add -q --db "$db" --ref "W-$j" --type natural \
    --channel in_person --arrived 2025-06-09
  if [ "$rc" -eq 0 ]; then
    adds=$((adds + 1))
    [ "$s" -gt 0 ] && [ "$s" -lt "$rows" ] && running && during=$((during + 1))
    ok
  else
    bad "add W-$j during the import: exit $rc"
  fi
  run "$G" application list -q --db "$db"
  [ "$rc" -eq 0 ] && ok || bad "list during the import: exit $rc"
  n=$(grep -c '^I-' "$tmp/out" || true)
  if [ "$n" = 0 ] || [ "$n" = "$rows" ]; then ok; else
    bad "list during the import saw $n of $rows imported rows"
  fi
  [ "$(visible)" = 0 ] || [ "$(visible)" = "$rows" ] && ok ||
    bad "the ledger shows part of the import"
  s=$(stored)
  if [ "$n" = 0 ] && [ "$s" -gt 0 ] && [ "$s" -lt "$rows" ]; then
    partial=$((partial + 1))
    # a ref the import has already written: not shown, not taken
    held_ref=$(q "SELECT ref FROM applications WHERE ref LIKE 'I-%' AND NOT $seen LIMIT 1")
    if [ -n "$held_ref" ] && [ $((j % 4)) = 1 ]; then
      run "$G" application show --db "$db" "$held_ref"
      if [ "$rc" -eq 2 ] || [ "$(visible)" = "$rows" ]; then ok; else
        bad "show of $held_ref during the import: exit $rc"
      fi
      run "$G" application add -q --db "$db" --ref "$held_ref" --type natural \
        --channel in_person --arrived 2025-06-09
      if [ "$rc" -eq 2 ] && grep -qF "尚未完成的导入" "$tmp/err"; then
        held=$((held + 1))
        ok
      elif [ "$(visible)" = "$rows" ]; then ok; else
        bad "add of $held_ref held by the import: exit $rc"
      fi
    fi
  fi
  if [ $((j % 3)) = 1 ]; then
    "$G" report --db "$db" --year 2024 --date 2026-01-20 > "$tmp/report1.json" 2>"$tmp/err" || true
    "$G" ledger export --db "$db" > "$tmp/export.csv" 2>"$tmp/err" || true
    e=$(grep -c '^I-' "$tmp/export.csv" || true)
    # the import may be done between two of these
    if cmp -s "$tmp/report0.json" "$tmp/report1.json" || [ "$(visible)" = "$rows" ]; then ok; else
      bad "report during the import differs from the one before it"
    fi
    [ "$e" = 0 ] || [ "$e" = "$rows" ] && ok || bad "export during the import: $e rows of it"
  fi
done
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 0 ] && ok || bad "the import failed (exit $rc): $(head -c 300 "$tmp/import.err")"
span=$((($(date +%s%N) - start) / 1000000))
echo "batches test: import ${span} ms, $adds adds, $during with part of it stored, $partial checks saw it partly stored and not shown, $held held refs refused"
[ "$during" -ge 1 ] && ok || bad "no add went through while the import had written part of its rows"
[ "$partial" -ge 1 ] && ok || bad "no read ran while the import was partly written"
[ "$(visible)" = "$rows" ] && ok || bad "not every imported row is there"
[ "$(q "SELECT count(*) FROM applications WHERE ref LIKE 'W-%'")" = "$adds" ] && ok ||
  bad "not every add is there"
[ "$(q "SELECT count(*) FROM applications")" = $((50 + rows + adds)) ] && ok ||
  bad "rows there more than once"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'import'")" = 2 ] && ok ||
  bad "the import is not audited once"
states="SELECT group_concat(state) FROM imports ORDER BY id"
is_pg && states="SELECT string_agg(state, ',' ORDER BY id) FROM imports"
[ "$(q "$states")" = "done,done" ] && ok || bad "imports: $(q "$states")"
intact && ok || bad "integrity_check after the import"
# nothing staged outside the ledger: no TEMP table, no staging table
# (PostgreSQL: pg_class, every schema's and the temporary ones')
tables="SELECT count(*) FROM sqlite_master WHERE name LIKE '%staging%'"
is_pg && tables="SELECT count(*) FROM pg_class WHERE relname LIKE '%staging%'"
[ "$(q "$tables")" = 0 ] && ok || bad "a staging table in the ledger"

# 2. An add of the file's last ref while the import runs: the import fails
# at that row, all or nothing.
# The ledger before an import (SQLite: a copy of the file, made here;
# PostgreSQL: made again in a fresh schema).
restore() {
  if is_pg; then
    new_ledger
    "$G" ledger import -q --db "$db" "$tmp/base.csv"
  else
    cp "$tmp/base.db" "$db"
    rm -f "$db-wal" "$db-shm"
  fi
}
new_ledger
"$G" ledger import -q --db "$db" "$tmp/base.csv"
if sqlite_only "a copy of the ledger's file (PostgreSQL makes it again)"; then
  q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  cp "$db" "$tmp/base.db"
fi
"$G" ledger import -q --db "$db" "$tmp/mid.csv" 2>"$tmp/import.err" &
pid=$!
for _ in $(seq 1 600); do
  [ "$(stored)" -gt 0 ] && break
  sleep 0.05
done
run "$G" application add -q --db "$db" --ref "$last" --type natural \
  --channel in_person --arrived 2025-06-09
expect_rc "add of the file's last ref during the import" 0
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 2 ] && ok || bad "the import of a ref taken meanwhile: exit $rc"
grep -qF "$last" "$tmp/import.err" && grep -qF ":$((mid + 1)):" "$tmp/import.err" && ok ||
  bad "the import's error does not name $last at line $((mid + 1)): $(head -c 300 "$tmp/import.err")"
[ "$(stored)" = 1 ] && ok || bad "the failed import's rows are not removed ($(stored) left)"
[ "$(q "SELECT state FROM imports ORDER BY id DESC LIMIT 1")" = abandoned ] && ok ||
  bad "the failed import is not marked abandoned"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'import'")" = 1 ] && ok ||
  bad "the failed import was audited"
intact && ok || bad "integrity_check after the failed import"

# 3. SIGKILL at random points of an import of the same size.
restore
killed=0
left=0
for i in $(seq 1 "$kills"); do
  # killed once it has written a random share of its rows (by progress,
  # not time: a loaded machine makes the import's length vary tenfold);
  # the first kill comes within its first 200 ms
  target=$(((RANDOM * 32768 + RANDOM) % rows))
  "$G" ledger import -q --db "$db" "$tmp/big.csv" 2>/dev/null &
  pid=$!
  if [ "$i" = 1 ]; then
    delay=$((RANDOM % 200))
    sleep "$(printf '0.%03d' "$delay")"
  else
    delay="$target rows"
    while alive "$pid" && [ "$(stored)" -lt "$target" ]; do sleep 0.05; done
  fi
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  # (PostgreSQL's check, ledger verify, opens the ledger for writing and
  # so removes what the import left: after the next command there)
  is_pg || { intact && ok || bad "kill $i: integrity_check"; }
  n=$(visible)
  if [ "$n" = "$rows" ]; then
    # finished (or done) before the kill: start again from the base
    is_pg && { intact && ok || bad "kill $i: ledger verify"; }
    restore
    continue
  fi
  killed=$((killed + 1))
  [ "$n" = 0 ] && ok || bad "kill $i after $delay: $n imported rows visible"
  [ "$(q "SELECT count(*) FROM audit_log WHERE action = 'import'")" = 1 ] && ok ||
    bad "kill $i: an import audit row survived"
  [ "$(stored)" -gt 0 ] && left=$((left + 1))
  if [ "$i" = "$kills" ]; then
    break # the last one's rows are left to the next import
  fi
  pg_import_gone
  run "$G" application list -q --db "$db"
  expect_rc "list after kill $i" 0
  [ "$(grep -c '^I-' "$tmp/out" || true)" = 0 ] && ok || bad "kill $i: list shows imported rows"
  # the list's open removed what the dead import left
  [ "$(stored)" = 0 ] && ok || bad "kill $i: $(stored) hidden rows left after the next command"
  [ "$(q "SELECT count(*) FROM imports WHERE state = 'running'")" = 0 ] && ok ||
    bad "kill $i: the dead import is still marked running"
  is_pg && { intact && ok || bad "kill $i: ledger verify"; }
done
echo "batches test: $killed imports killed mid-way, $left of them with rows written"
[ "$killed" -gt 0 ] && ok || bad "no import was killed mid-way"
[ "$left" -gt 0 ] && ok || bad "no import was killed after it had written rows"
run "$G" ledger import -q --db "$db" "$tmp/big.csv"
expect_rc "the same file after the kills" 0
[ "$(visible)" = "$rows" ] && ok || bad "the import after the kills is incomplete"
[ "$(stored)" = "$rows" ] && ok || bad "the import after the kills left others' rows: $(stored)"
[ "$(q "SELECT count(*) FROM imports WHERE state = 'running'")" = 0 ] && ok ||
  bad "an import still marked running at the end"
intact && ok || bad "integrity_check at the end"

finish
