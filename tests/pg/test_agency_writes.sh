#!/usr/bin/env bash
# pg.agency_writes: every agency of one PostgreSQL ledger writes through
# gongkai (issue 13 item 3). A tree province → city C → departments A, B;
# each department's own login adds and acts with the CLI, two shells of A
# at once; the audit log is one chain per agency (store.c), so each
# agency's `ledger verify` checks its own chain and the city its subtree's,
# agency by agency; a row slipped into B's log by SQL breaks B's chain
# (and the city's verify), not A's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
G="${GONGKAI:?set GONGKAI to the gongkai binary}"
. "$here/pg_env.sh" || exit $?
pass=0 fail=0
out="$GK_PG_DIR/out" errf="$GK_PG_DIR/cerr"
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; echo "  stderr: $(head -c 600 "$errf")"; }
run() { rc=0; "$@" >"$out" 2>"$errf" || rc=$?; }
expect_rc() { [ "$rc" -eq "$2" ] && ok || bad "$1: exit $rc, expected $2"; }
export USER=clerk
key="$GK_PG_DIR/tree.key"
db() { echo "postgresql://$1@127.0.0.1:$GK_PG_PORT/gongkai"; }

psql -XqAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || exit 1
CREATE ROLE gk_office NOLOGIN;
CREATE ROLE owner LOGIN;
GRANT CREATE ON SCHEMA public TO owner;
CREATE ROLE office_a LOGIN IN ROLE gk_office;
CREATE ROLE office_b LOGIN IN ROLE gk_office;
CREATE ROLE office_c LOGIN IN ROLE gk_office;
SQL
run "$G" ledger init --db "$(db owner)" --key "$key" --agency 某省人民政府办公厅 \
  --level county_gov_or_above
expect_rc "init" 0
psql "$(db owner)" -XqAt -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || exit 1
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'city', 'C',
  '某市人民政府办公室' FROM agencies WHERE parent_id IS NULL;
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'department',
  'A', '某市教育局' FROM agencies WHERE code = 'C';
INSERT INTO agencies (parent_id, level, code, name) SELECT id, 'department',
  'B', '某市卫生健康委员会' FROM agencies WHERE code = 'C';
INSERT INTO agency_members SELECT 'office_' || lower(code), id FROM agencies
  WHERE code IN ('A', 'B', 'C');
SQL

add() { # add ROLE REF
  "$G" application add --db "$(db "$1")" --key "$key" --ref "$2" \
    --type natural --channel online --arrived 2025-06-07 --confirmed 2025-06-09 \
    --name 张三
}
# the province (the tables' owner) wrote first: its rows hold ids 1…
run add owner P-1
expect_rc "the province adds" 0
# a department's first write: it took an id the province held (23505)
run add office_a A-1
expect_rc "A adds" 0
run "$G" application act --db "$(db office_a)" --key "$key" A-1 answer \
  --on 2025-06-12 --outcome granted --basis x
expect_rc "A answers" 0
run add office_b B-1
expect_rc "B adds" 0
run add office_c C-1
expect_rc "the city adds" 0

# two shells of A at once, and B beside them: no fork, no duplicate id
for s in 1 2; do
  (for i in 1 2 3 4 5 6; do add office_a "A-$s$i" >/dev/null 2>&1 || echo "A-$s$i"; done \
    >"$GK_PG_DIR/failed.$s") &
done
(for i in 1 2 3 4 5 6; do add office_b "B-3$i" >/dev/null 2>&1 || echo "B-3$i"; done \
  >"$GK_PG_DIR/failed.3") &
wait
for s in 1 2 3; do
  [ ! -s "$GK_PG_DIR/failed.$s" ] && ok || bad "concurrent adds failed: $(cat "$GK_PG_DIR/failed.$s")"
done

# each agency's own applications, and only those
run "$G" application list --db "$(db office_a)" --key "$key" --format json
expect_rc "A lists" 0
[ "$(grep -o '"ref":"A-[0-9]*"' "$out" | wc -l)" = 13 ] && ok || bad "A's list: $(head -c 300 "$out")"
! grep -qE '"ref":"(B|P|C)-' "$out" && ok || bad "A sees another agency's rows"
run "$G" application list --db "$(db office_b)" --key "$key" --format json
[ "$(grep -o '"ref":"B-[0-9]*"' "$out" | wc -l)" = 7 ] && ok || bad "B's list: $(head -c 300 "$out")"
! grep -qE '"ref":"(A|P|C)-' "$out" && ok || bad "B sees another agency's rows"

# one chain per agency: each links its own rows, none forks
for who in owner office_a office_b office_c; do
  run "$G" ledger verify --db "$(db "$who")" --key "$key"
  expect_rc "$who verifies" 0
  grep -qE '^[0-9a-f]{64}$' "$out" && ok || bad "$who: no head: $(cat "$out")"
done
# A's head is the link of A's last row, as stored
want=$(psql "$(db owner)" -XqAt -c "SELECT encode(chain, 'hex') FROM audit_log
  WHERE agency_id = (SELECT id FROM agencies WHERE code = 'A') ORDER BY id DESC LIMIT 1")
run "$G" ledger verify --db "$(db office_a)" --key "$key"
[ "$(cat "$out")" = "$want" ] && ok || bad "A's head $(cat "$out"), want $want"
# every row was linked by gongkai; the agencies' ids interleave
got=$(psql "$(db owner)" -XqAt -c "SELECT count(*) FILTER (WHERE chain IS NULL),
  count(DISTINCT agency_id) FROM audit_log")
[ "$got" = "0|4" ] && ok || bad "audit rows unchained or agencies: $got"

# the log stays append-only for the agencies' roles
psql "$(db office_a)" -XqAt -c "UPDATE audit_log SET actor = 'x'" >/dev/null 2>&1 \
  && bad "A updated its audit log" || ok
psql "$(db office_a)" -XqAt -c "DELETE FROM audit_log" >/dev/null 2>&1 \
  && bad "A deleted from its audit log" || ok

# a row B's role slips in by SQL, outside the chain: B's verify and the
# city's (its subtree) find it; A's chain is whole
psql "$(db office_b)" -XqAt -v ON_ERROR_STOP=1 -c "INSERT INTO audit_log (at,
  actor, table_name, action) VALUES ('2025-06-20T00:00:00Z', 'x',
  'applications', 'insert')" >/dev/null || bad "B's SQL insert"
run "$G" ledger verify --db "$(db office_b)" --key "$key" --lang en
expect_rc "B verifies a tampered chain" 1
grep -q "does not match the chain" "$errf" && ok || bad "B: no chain break named"
run "$G" ledger verify --db "$(db office_c)" --key "$key" --lang en
expect_rc "the city verifies B's tampered chain" 1
run "$G" ledger verify --db "$(db office_a)" --key "$key"
expect_rc "A's chain is whole" 0
# B's ledger refuses to open (the last rows' check); A still writes
run add office_b B-9
[ "$rc" -ne 0 ] && ok || bad "B wrote on a tampered chain"
run add office_a A-9
expect_rc "A adds after B's tampering" 0
# the check at open is the session's own chain: the city still works
run add office_c C-2
expect_rc "the city adds after B's tampering" 0

echo "pg.agency_writes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
