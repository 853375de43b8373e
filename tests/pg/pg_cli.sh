#!/usr/bin/env bash
# pg_cli.sh: runs a CLI test script (tests/cli/test_*.sh) with its ledgers
# on a throwaway PostgreSQL (pg_env.sh, one server for the whole script)
# instead of SQLite files (issue 13 item 2): what an administrator does
# first (gk_office, a login role for the office that is no superuser),
# then GK_TEST_PG_URI (that role) and GK_TEST_PG_ADMIN (the superuser,
# which makes each ledger's schema), which tests/cli/lib.sh's
# ledger_target and ledger_sql read. Usage: pg_cli.sh SCRIPT [ARGS…]
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg_env.sh" || exit $?
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE gk_office NOLOGIN;
  CREATE ROLE office LOGIN;" >/dev/null || exit 1
export GK_TEST_PG_ADMIN="$GK_PG_URI"
export GK_TEST_PG_URI="postgresql://office@127.0.0.1:$GK_PG_PORT/gongkai"
bash "$@"
