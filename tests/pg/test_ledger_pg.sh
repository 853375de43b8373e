#!/usr/bin/env bash
# pg.ledger: gongkai ledger init / application add / list with --db
# postgresql://… (issue 13): the migrations run as a non-superuser once the
# administrator made gk_office; one office gets its agency; what is refused
# says why; no message shows a password.
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
expect_err() { grep -qF -- "$2" "$errf" && ok || bad "$1: stderr lacks '$2'"; }
expect_out() { grep -qF -- "$2" "$out" && ok || bad "$1: stdout lacks '$2'"; }
no_secret() { ! grep -qF -- "$2" "$out" "$errf" && ok || bad "$1: '$2' shown"; }
export USER=clerk
key="$GK_PG_DIR/office.key"
office="postgresql://office@127.0.0.1:$GK_PG_PORT/gongkai"

psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE office LOGIN;
  GRANT CREATE ON SCHEMA public TO office;" >/dev/null || exit 1

# what an administrator must have done first: gk_office
run "$G" ledger init --db "$office" --key "$key" --agency 某县教育局 --level department --lang en
expect_rc "init without gk_office" 2
expect_err "init without gk_office" "CREATE ROLE gk_office NOLOGIN"
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE gk_office NOLOGIN" >/dev/null || exit 1

# a superuser passes through row-level security: refused
run "$G" ledger init --db "$GK_PG_URI" --key "$key" --agency x --level department --lang en
expect_rc "init as a superuser" 2
expect_err "init as a superuser" "superuser"
# the key file is named for a database
run "$G" ledger init --db "$office" --agency 某县教育局 --level department
expect_rc "init without --key" 2
expect_err "init without --key" "--key"
[ ! -e "$key" ] && ok || bad "a refused init left a key file"

run "$G" ledger init --db "$office" --key "$key" --agency 某县教育局 --level department --lang en
expect_rc "init" 0
expect_err "init" "schema version 10"
[ "$(stat -c %a "$key")" = 600 ] && ok || bad "key file mode $(stat -c %a "$key")"
run "$G" ledger init --db "$office" --key "$key" --agency x --level department
expect_rc "init over a ledger" 2
expect_err "init over a ledger" "已存在"

run "$G" application add --db "$office" --key "$key" --ref 2025-001 --type natural \
  --channel online --arrived 2025-06-07 --confirmed 2025-06-09 --name 张三 --format json
expect_rc "add" 0
expect_out "add" '"due_on":"2025-07-07"'
run "$G" application add --db "$office" --key "$key" --ref 2025-001 --type natural \
  --channel online --arrived 2025-06-07 --confirmed 2025-06-09
expect_rc "duplicate ref" 2
expect_err "duplicate ref" "2025-001"
run "$G" application act --db "$office" --key "$key" 2025-001 answer --on 2025-06-12 \
  --outcome granted --basis x
expect_rc "answer" 0
run "$G" application list --db "$office" --key "$key" --format json
expect_rc "list" 0
expect_out "list" '"state":"answered"'

# an import goes on past a bad row (a savepoint per row): every bad row
# named, no aborted-transaction error, nothing imported
printf 'ref,applicant_type,channel,received_on,state\nI-1,natural,in_person,2025-06-09,registered\n2025-001,natural,in_person,2025-06-09,registered\nI-3,robot,in_person,2025-06-09,registered\nI-4,natural,in_person,2025-06-09,registered\n' >"$GK_PG_DIR/in.csv"
run "$G" ledger import --db "$office" --key "$key" "$GK_PG_DIR/in.csv"
expect_rc "import with bad rows" 2
expect_err "import: the duplicate" "in.csv:3:1"
expect_err "import: the row after it" "in.csv:4"
! grep -q "25P02" "$errf" && ok || bad "import: the transaction was aborted"
run "$G" application show --db "$office" --key "$key" I-1
expect_rc "nothing imported" 2

# the report's cells explained: carried over into 2026 with a column (the
# type's parameter follows the year's alone)
run "$G" application add --db "$office" --key "$key" --ref 2025-009 --type natural \
  --channel in_person --arrived 2025-12-22
expect_rc "add in December" 0
GONGKAI_KEY_FILE="$key" run "$G" report --db "$office" --year 2026 --explain apply.carried_in.natural
expect_rc "explain carried_in" 0
expect_out "explain carried_in" "2025-009"
GONGKAI_KEY_FILE="$key" run "$G" report --db "$office" --year 2025 --explain apply.new.natural
expect_rc "explain new" 0
expect_out "explain new" "2025-001"

# the rows are the office's, by the database's own default
got=$(psql "host=127.0.0.1 port=$GK_PG_PORT dbname=gongkai user=office" -XqAt -c \
  "SELECT count(*) FROM applications a JOIN agencies g ON g.id = a.agency_id
   WHERE g.name = '某县教育局' AND a.agency_id = gk_session_agency()")
[ "$got" = 2 ] && ok || bad "the office's application row: got '$got'"
got=$(psql -XqAt -c "SELECT max(version) FROM migrations")
[ "$got" = 10 ] && ok || bad "migrations: got '$got'"

# unreachable: exit 2, the server named, never the password
run "$G" application list --db "postgresql://office:s3cr3tpw@127.0.0.1:1/gongkai" --key "$key" --lang en
expect_rc "unreachable" 2
expect_err "unreachable" "127.0.0.1"
no_secret "unreachable (URI)" s3cr3tpw
run "$G" application list --db "host=127.0.0.1 port=1 dbname=gongkai password=s3cr3tpw user=office" --key "$key"
expect_rc "unreachable (key=value)" 2
no_secret "unreachable (key=value)" s3cr3tpw
run "$G" ledger init --db "postgresql://office:s3cr3tpw@127.0.0.1:$GK_PG_PORT/gongkai" \
  --key "$GK_PG_DIR/k2" --agency x --level department
no_secret "refused init with a password" s3cr3tpw

echo "pg.ledger: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
