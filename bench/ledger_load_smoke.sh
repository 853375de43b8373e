#!/usr/bin/env bash
# bench.ledger_load: bench/ledger_load on a few hundred operations, on
# SQLite and on PostgreSQL (tests/pg/pg_env.sh; skipped with 77 when it is
# not installed, as the pg tests), so that the bench's client cannot rot
# between `make bench` runs. 4 clients x 25 applications, a report every 5:
# every operation succeeds, the count is 4 x 25 x 5 + 4 x 5, and the ledger
# then holds the 100 applications, answered.
#   GONGKAI=gongkai LEDGER_LOAD=ledger_load bash bench/ledger_load_smoke.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
G=${GONGKAI:?set GONGKAI to the gongkai binary}
L=${LEDGER_LOAD:?set LEDGER_LOAD to the ledger_load binary}
tmp=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
export USER=bench

# smoke NAME TARGET KEY: one run of the client and what it left
smoke() {
  local name=$1 target=$2 key=$3 out=$tmp/$1.out
  if ! "$G" ledger init -q --db "$target" --key "$key" --agency 测试局 \
    --level department 2>"$tmp/$name.err"; then
    bad "$name: init: $(cat "$tmp/$name.err")"
    return
  fi
  if "$L" -c 4 -n 25 -r 5 -k "$key" -j "$tmp/$name.json" "$target" >"$out" \
    2>"$tmp/$name.err"; then
    ok
  else
    bad "$name: ledger_load failed: $(cat "$tmp/$name.err")"
  fi
  local got
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['operations'], d['failed'], d['ops']['report']['n'], d['ops']['answer']['n'])" \
    "$tmp/$name.json" 2>&1)
  [ "$got" = "520 0 20 100" ] && ok || bad "$name: operations, failed, reports, answers: '$got'"
  grep -q "operations/s" "$out" && ok || bad "$name: no operations/s line"
  got=$(GONGKAI_KEY_FILE=$key "$G" application list --db "$target" --key "$key" \
    --state answered --format json 2>"$tmp/$name.err" |
    python3 -c "import json,sys; print(sum(json.loads(l)['state'] == 'answered' for l in sys.stdin if l.strip()))" 2>&1)
  [ "$got" = 100 ] && ok || bad "$name: answered applications in the ledger: '$got' ($(cat "$tmp/$name.err"))"
}

smoke sqlite "$tmp/load.db" "$tmp/load.db.key"

# PostgreSQL (when built with it): a subshell, since pg_env.sh's EXIT
# trap removes the server
[ "${GK_LOAD_PG:-1}" = 1 ] && (
  . "$here/../tests/pg/pg_env.sh" || exit $?
  psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE gk_office NOLOGIN" \
    -c "CREATE ROLE office LOGIN" -c "CREATE DATABASE load OWNER office" \
    >/dev/null || exit 1
  smoke pg "postgresql://office@127.0.0.1:$GK_PG_PORT/load" "$tmp/pg.key"
  echo "$pass $fail" >"$tmp/pg.result"
)
rc=$?
if [ -f "$tmp/pg.result" ]; then
  read -r pass fail <"$tmp/pg.result"
elif [ "$rc" = 77 ] || [ "${GK_LOAD_PG:-1}" != 1 ]; then
  echo "bench.ledger_load: PostgreSQL part skipped (not installed or not built)"
else
  bad "pg: the server did not start"
fi
rm -rf "$tmp"
echo "bench.ledger_load: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
