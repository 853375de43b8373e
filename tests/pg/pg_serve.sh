#!/usr/bin/env bash
# pg_serve.sh: runs a gongkai serve test script once more on a throwaway
# PostgreSQL (pg_env.sh; issue 13, pgsrv). What an administrator does
# first: gk_office and the office's login role, no superuser. Then
# GK_SERVE_PG, the superuser's URI, which tests/cli/serve_lib.py and
# serve_pg.sh read: each new ledger is a fresh database owned by 'office'
# (so the server may create pg_trgm there). Usage: pg_serve.sh SCRIPT
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg_env.sh" || exit $?
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE ROLE gk_office NOLOGIN;
  CREATE ROLE office LOGIN;" >/dev/null || exit 1
export GK_SERVE_PG="$GK_PG_URI"
bash "$@"
