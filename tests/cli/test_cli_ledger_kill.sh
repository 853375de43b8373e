#!/usr/bin/env bash
# test_cli_ledger_kill.sh: durability. A bulk import killed with SIGKILL at
# random points leaves the ledger as before it to every reader (its batches
# are hidden until it is done, docs/ledger.md "Import"), intact (SQLite:
# PRAGMA integrity_check; both: ledger verify's audit chain), and the next
# command removes the rows it left; a run of single `application add`
# commands killed mid-way keeps every completed command's application,
# with its event and audit record, and nothing partial. On both backends
# (tests/pg/pg_cli.sh): SQLite restores the ledger before the import from
# a copy of its file, PostgreSQL makes it again in a fresh schema.
#   GK_KILL_ROWS (20000; 2000 on PostgreSQL, whose import of 20,000 rows
#   took ~50 s here, a round trip per statement) rows in the big CSV,
#   GK_KILL_N (30; 20) kills, GK_KILL_SEED (random) for the delays; the
#   seed is printed.
source "$(dirname "$0")/lib.sh"
if is_pg; then
  rows=${GK_KILL_ROWS:-2000}
  kills=${GK_KILL_N:-20}
else
  rows=${GK_KILL_ROWS:-20000}
  kills=${GK_KILL_N:-30}
fi
seed=${GK_KILL_SEED:-$$}
RANDOM=$seed
echo "kill test: $rows rows, $kills kills, seed $seed"
gen="$SRC/bench/gen_ledger_csv.awk"
base="$tmp/base.db"
if ! is_pg; then
  # the copies of the ledger below share its key file (docs/ledger.md
  # "Personal data"); on PostgreSQL lib.sh names the test's one
  export GONGKAI_KEY_FILE="$tmp/k.db.key"
fi

sql() { ledger_sql "$db" "$1"; }
integrity() {
  local r
  if ! is_pg; then
    r=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
    if [ "$r" = "ok" ]; then ok; else bad "$1: integrity_check: $r"; fi
  fi
  # the audit chain holds (every committed row audited, nothing half)
  if r=$("$G" ledger verify -q --db "$db" 2>&1); then ok; else bad "$1: ledger verify: $r"; fi
}
# the rows every read sees (store.h GK__APP_SEEN): an unfinished import's
# rows are in the table, hidden, until the next command removes them
seen="(import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE state = 'done'))"
count() { sql "SELECT count(*) FROM applications WHERE $seen"; }

awk -v n=100 -v seed=7 -v prefix=B -f "$gen" > "$tmp/base.csv"
awk -v n="$rows" -v seed=11 -v prefix=K -f "$gen" > "$tmp/big.csv"
# A ledger with the 100 applications of base.csv, as before each import:
# SQLite copies the file made once, PostgreSQL makes a new schema.
fresh=0
restore() {
  if is_pg; then
    fresh=$((fresh + 1))
    db=$(ledger_target "k$fresh")
    "$G" ledger init -q --db "$db" --agency 某局 --level department
    "$G" ledger import -q --db "$db" "$tmp/base.csv"
  else
    db="$tmp/k.db"
    cp "$base" "$db"
    rm -f "$db-wal" "$db-shm" "$db-journal"
  fi
}
if ! is_pg; then
  db="$base"
  "$G" ledger init -q --db "$db" --agency 某局 --level department
  "$G" ledger import -q --db "$db" "$tmp/base.csv"
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
fi
restore
base_audit=$(sql "SELECT count(*) FROM audit_log")

# How long a whole import takes here, to spread the kills over it.
start=$(date +%s%N)
"$G" ledger import -q --db "$db" "$tmp/big.csv"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$(sql "SELECT count(*) FROM applications")" = $((100 + rows)) ] && ok ||
  bad "the timing import did not import every row"
span=$((ms + 1))
restore

completed=0
killed=0
for i in $(seq 1 "$kills"); do
  delay=$(((RANDOM * 32768 + RANDOM) % span))
  "$G" ledger import -q --db "$db" "$tmp/big.csv" 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  integrity "kill $i after ${delay} ms"
  n=$(count)
  if [ "$rc" -eq 0 ]; then
    # it finished before the kill: every row
    completed=$((completed + 1))
    [ "$n" = $((100 + rows)) ] && ok || bad "kill $i: completed import holds $n rows"
    restore
  elif [ "$n" = $((100 + rows)) ]; then
    # killed after its commit, before it exited: all of it, as committed
    completed=$((completed + 1))
    ok
    restore
  else
    killed=$((killed + 1))
    [ "$n" = 100 ] && ok || bad "kill $i after ${delay} ms (exit $rc): $n rows, expected 100"
    k=$(sql "SELECT count(*) FROM applications WHERE ref LIKE 'K-%' AND $seen")
    [ "$k" = 0 ] && ok || bad "kill $i: $k imported rows survived"
    a=$(sql "SELECT count(*) FROM audit_log")
    [ "$a" = "$base_audit" ] && ok || bad "kill $i: audit log $a rows, expected $base_audit"
  fi
  # the ledger opens and works after the kill
  run "$G" application list -q --db "$db" --state registered
  expect_rc "list after kill $i" 0
  # ... and its open removed what a killed import left
  k=$(sql "SELECT count(*) FROM applications WHERE ref LIKE 'K-%'")
  [ "$k" = 0 ] || [ "$k" = "$rows" ] && ok || bad "kill $i: $k hidden rows left after the next command"
done
echo "kill test: $killed imports killed, $completed completed before the kill"
[ "$killed" -gt 0 ] && ok || bad "no import was killed mid-way"

# Single commands: a loop of `application add`, each logged once it has
# returned; killed (the loop and its running gongkai) at a random point.
restore
for round in 1 2 3 4 5; do
  : > "$tmp/done.log"
  setsid bash -c '
    for j in $(seq 1 100000); do
      "$0" application add -q --db "$1" --ref "S'"$round"'-$j" --type natural \
        --channel in_person --arrived 2025-06-09 >/dev/null 2>&1 || exit 1
      echo "S'"$round"'-$j" >> "$2"
    done' "$G" "$db" "$tmp/done.log" &
  pid=$!
  # let a few commands complete (slow under sanitizers), then kill at
  # a random point
  for _ in $(seq 1 600); do
    [ -s "$tmp/done.log" ] && break
    sleep 0.05
  done
  sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # the group's gongkai is not our child: wait until it has really gone
  for _ in $(seq 1 200); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.05
  done
  integrity "add loop $round"
  logged=$(wc -l < "$tmp/done.log")
  [ "$logged" -gt 0 ] && ok || bad "add loop $round: no command completed"
  present=$(sql "SELECT count(*) FROM applications WHERE ref LIKE 'S$round-%'")
  missing=0
  while read -r ref; do
    [ "$(sql "SELECT count(*) FROM applications WHERE ref = '$ref'")" = 1 ] ||
      missing=$((missing + 1))
  done < "$tmp/done.log"
  [ "$missing" = 0 ] && ok || bad "add loop $round: $missing completed adds missing"
  # the command in flight may have committed before its log line
  if [ "$present" = "$logged" ] || [ "$present" = $((logged + 1)) ]; then ok; else
    bad "add loop $round: $present rows for $logged completed commands"
  fi
  # nothing partial: each application has its register event and audit row
  partial=$(sql "SELECT count(*) FROM applications a WHERE ref LIKE 'S$round-%' AND (
      (SELECT count(*) FROM application_events e WHERE e.application_id = a.id AND e.kind = 'register') != 1
      OR (SELECT count(*) FROM audit_log l WHERE l.table_name = 'applications' AND l.row_id = a.id AND l.action = 'insert') != 1)")
  [ "$partial" = 0 ] && ok || bad "add loop $round: $partial partial applications"
done

finish
