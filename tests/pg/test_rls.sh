#!/usr/bin/env bash
# pg.rls: the ledger's PostgreSQL schema (schema_pg.c, as the store runs
# it) keeps each agency's rows its own, enforced by the database: sessions
# of separate login roles, hand-written SQL through psql (issue 13 item 3).
#   province P ─ city C1 ─ county K1 ─ departments A, B
#              └ city C2 ─ county K2 ─ department D
# office_a (A) and office_b (B) read and write their own rows only; sup_c1
# (C1, the supervisor) reads A's and B's, not D's, and writes only its own;
# the tables' owner, a non-superuser, is held by the policies too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dump="${GK_SCHEMA_DUMP:?set GK_SCHEMA_DUMP to the gk_schema_dump program}"
. "$here/pg_env.sh" || exit $?
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

as() { # as ROLE SQL: one value per line, errors on stderr
  psql "host=127.0.0.1 port=$GK_PG_PORT dbname=gongkai user=$1" -XqAt \
    -v ON_ERROR_STOP=1 -c "$2" 2>"$GK_PG_DIR/err"
}
# expect ROLE SQL WANT: the output is WANT
expect() {
  local got
  got=$(as "$1" "$2") || { bad "$1: $2: $(cat "$GK_PG_DIR/err")"; return; }
  [ "$got" = "$3" ] && ok || bad "$1: $2: got '$got', want '$3'"
}
# refused ROLE SQL PATTERN: fails, the error matching PATTERN
refused() {
  if as "$1" "$2" >/dev/null; then
    bad "$1 was allowed: $2"
  elif grep -qiE "$3" "$GK_PG_DIR/err"; then ok
  else bad "$1: $2: error '$(cat "$GK_PG_DIR/err")', want /$3/"; fi
}

# Setup as the superuser: the roles (docs/operations.md), then the schema
# as its owner, then the tree and who is who.
psql -XqAt -v ON_ERROR_STOP=1 >/dev/null 2>"$GK_PG_DIR/err" <<'SQL' || { cat "$GK_PG_DIR/err"; exit 1; }
CREATE ROLE gk_office NOLOGIN;
CREATE ROLE ledger_owner LOGIN;
GRANT CREATE ON SCHEMA public TO ledger_owner;
CREATE ROLE office_a LOGIN IN ROLE gk_office;
CREATE ROLE office_b LOGIN IN ROLE gk_office;
CREATE ROLE sup_c1 LOGIN IN ROLE gk_office;
CREATE ROLE office_d LOGIN IN ROLE gk_office;
SQL
"$dump" >"$GK_PG_DIR/schema.sql" || exit 1
if ! psql "host=127.0.0.1 port=$GK_PG_PORT dbname=gongkai user=ledger_owner" \
  -XqAt -v ON_ERROR_STOP=1 -f "$GK_PG_DIR/schema.sql" >/dev/null 2>"$GK_PG_DIR/err"; then
  bad "the schema does not apply: $(cat "$GK_PG_DIR/err")"
  echo "pg.rls: $pass passed, $fail failed"
  exit 1
fi
ok
as ledger_owner "
INSERT INTO agencies (id, parent_id, level, code, name) VALUES
 (1, NULL, 'province', 'P', '省'), (2, 1, 'city', 'C1', '甲市'),
 (3, 1, 'city', 'C2', '乙市'), (4, 2, 'county', 'K1', '甲县'),
 (5, 3, 'county', 'K2', '乙县'), (6, 4, 'department', 'A', '甲县教育局'),
 (7, 4, 'department', 'B', '甲县卫健局'), (8, 5, 'department', 'D', '乙县民政局');
INSERT INTO agency_members VALUES ('office_a', 6), ('office_b', 7),
 ('sup_c1', 2), ('office_d', 8);" >/dev/null || bad "tree: $(cat "$GK_PG_DIR/err")"

# the closure holds every ancestor of every agency, with its depth
expect ledger_owner "SELECT string_agg(ancestor || ':' || depth, ' ' ORDER BY depth)
  FROM agency_closure WHERE descendant = 6" "6:0 4:1 2:2 1:3"
refused ledger_owner "INSERT INTO agencies VALUES (9, 6, 'city', 'X', 'x')" "higher level"
refused ledger_owner "UPDATE agencies SET parent_id = 6 WHERE id = 4" "below itself|higher level"

# Each office registers through SQL that never names its agency (the
# store's SQL, shared with SQLite): the default is the session's.
app="INSERT INTO applications (ref, applicant_type, channel, received_on,
  state, period_from, applicant_name) VALUES"
for who in a b d; do
  as "office_$who" "$app ('$who-1', 'natural', 'online', '2024-03-01',
    'registered', '2024-03-01', '张$who'), ('$who-2', 'natural', 'online',
    '2024-03-02', 'registered', '2024-03-02', '李$who') RETURNING id" \
    >"$GK_PG_DIR/ids.$who" || bad "office_$who registers: $(cat "$GK_PG_DIR/err")"
done
aid=$(head -1 "$GK_PG_DIR/ids.a") bid=$(head -1 "$GK_PG_DIR/ids.b")
for who in a b d; do
  id=$(head -1 "$GK_PG_DIR/ids.$who")
  as "office_$who" "
    INSERT INTO application_events (application_id, kind, on_date, actor, created_at)
      VALUES ($id, 'received', '2024-03-01', 'clerk', 'now');
    INSERT INTO records (kind, doc_no, dated_on, drafted_by) VALUES ('rules', '$who-doc', '2024-01-01', 'x');
    INSERT INTO cases (kind, application_id, filed_on, created_by) VALUES ('reconsider', $id, '2024-04-01', 'x');
    INSERT INTO fees (application_id, method, units, yuan, noticed_on) VALUES ($id, 'pages', 300, 50, '2024-03-05');
    INSERT INTO audit_log (at, actor, table_name, action) VALUES ('now', 'clerk', 'applications', 'insert');
    INSERT INTO imports (actor, started_at) VALUES ('clerk', 'now');" >/dev/null ||
    bad "office_$who writes its rows: $(cat "$GK_PG_DIR/err")"
done

# Reading: every table, an office its own rows, the supervisor its subtree.
for t in applications application_events records cases fees audit_log imports; do
  expect office_a "SELECT count(*) FROM $t WHERE agency_id <> 6" 0
  expect office_a "SELECT count(*) > 0 FROM $t" t
  expect office_b "SELECT count(*) FROM $t WHERE agency_id = 6" 0
  expect sup_c1 "SELECT string_agg(DISTINCT agency_id::text, ',' ORDER BY agency_id::text) FROM $t" "6,7"
  expect office_d "SELECT string_agg(DISTINCT agency_id::text, ',') FROM $t" "8"
  # the owner has no agency and row-level security is forced on it
  expect ledger_owner "SELECT count(*) FROM $t" 0
done
expect office_a "SELECT string_agg(applicant_name, ',' ORDER BY ref) FROM applications" "张a,李a"
expect office_a "SELECT count(*) FROM applications WHERE id = $bid" 0
# not through a join, a function of its own, or an aggregate either
expect office_a "SELECT count(*) FROM applications a JOIN cases c ON c.application_id = a.id" 1
expect office_a "CREATE TEMP TABLE x AS SELECT * FROM applications; SELECT count(*) FROM x WHERE agency_id = 7" 0

# Writing another agency's rows: nothing changes or it is refused.
expect office_a "UPDATE applications SET description = 'x' WHERE id = $bid RETURNING id" ""
expect office_a "UPDATE records SET title = 'x' WHERE agency_id = 7 RETURNING id" ""
refused office_a "INSERT INTO applications (agency_id, ref, applicant_type, channel,
  received_on, state, period_from) VALUES (7, 'b-9', 'natural', 'online',
  '2024-03-01', 'registered', '2024-03-01')" "row-level security"
refused office_a "UPDATE applications SET agency_id = 7 WHERE id = $aid" "row-level security"
refused office_a "INSERT INTO application_events (application_id, kind, on_date, actor, created_at)
  VALUES ($bid, 'answer', '2024-03-09', 'clerk', 'now')" "foreign key"
refused office_a "INSERT INTO application_events (agency_id, application_id, kind, on_date, actor, created_at)
  VALUES (7, $bid, 'answer', '2024-03-09', 'clerk', 'now')" "row-level security"
refused office_a "DELETE FROM applications WHERE id = $aid" "permission denied"
refused office_a "UPDATE audit_log SET actor = 'x'" "permission denied"
refused office_a "DELETE FROM audit_log" "permission denied"
refused office_a "SET ROLE office_b" "permission denied"
refused office_a "ALTER TABLE applications DISABLE ROW LEVEL SECURITY" "must be owner"
refused office_a "DROP POLICY agency_read ON applications" "must be owner"
refused office_a "INSERT INTO agency_members VALUES ('office_a', 7)" "permission denied"
refused office_a "UPDATE agency_members SET agency_id = 2 WHERE role_name = 'office_a'" "permission denied"
# the supervisor reads the subtree but writes only its own agency's rows
expect sup_c1 "UPDATE applications SET description = 'x' WHERE id = $aid RETURNING id" ""
refused sup_c1 "INSERT INTO records (agency_id, kind, doc_no, dated_on, drafted_by)
  VALUES (6, 'rules', 'c-doc', '2024-01-01', 'x')" "row-level security"
expect sup_c1 "INSERT INTO records (kind, doc_no, dated_on, drafted_by)
  VALUES ('rules', 'c1-doc', '2024-01-01', 'x') RETURNING agency_id" 2
refused office_a "DELETE FROM records" "permission denied"
# even a superuser (who bypasses the policies) deletes no record or fee
refused gongkai "DELETE FROM records" "never deleted"
refused gongkai "DELETE FROM fees" "never deleted"
refused gongkai "DELETE FROM audit_log" "never deleted"
# B's rows are as B left them
expect office_b "SELECT count(*) FROM applications WHERE description IS NULL" 2
expect office_b "SELECT string_agg(applicant_name, ',' ORDER BY ref) FROM applications" "张b,李b"
# references are unique within an agency, not across agencies
expect office_b "$app ('a-1', 'natural', 'online', '2024-03-01', 'registered', '2024-03-01', 'x') RETURNING ref" a-1
refused office_a "$app ('a-1', 'natural', 'online', '2024-03-01', 'registered', '2024-03-01', 'x')" "unique"

echo "pg.rls: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
