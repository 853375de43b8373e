#!/usr/bin/env bash
# pg_unit.sh: runs a ledger test program against a throwaway PostgreSQL
# (pg_env.sh) instead of SQLite files (issue 13): what an administrator
# does first (gk_office, a login role for the office that is no
# superuser), then GK_TEST_PG_URI (that role) and GK_TEST_PG_ADMIN (the
# superuser, which makes each ledger's schema), which
# tests/unit/ledger_target.h reads. Usage: pg_unit.sh PROGRAM [ARGS…]
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg_env.sh" || exit $?
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE gk_office NOLOGIN;
  CREATE ROLE office LOGIN;" >/dev/null || exit 1
export GK_TEST_PG_ADMIN="$GK_PG_URI"
export GK_TEST_PG_URI="postgresql://office@127.0.0.1:$GK_PG_PORT/gongkai"
"$@"
