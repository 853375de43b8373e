# lib.sh: helpers sourced by the tests/cli/test_cli_*.sh scripts.
# run CMD...        runs it; sets $rc, and files $tmp/out, $tmp/err
# ok NAME / bad NAME counts one assertion; finish prints the totals.
# ledger_target, ledger_sql, is_pg, sqlite_only: one script, both backends.
set -eEuo pipefail
# A command that ends the script under set -e says where, instead of the
# test stopping without a FAIL line (a CI log then shows only the exit).
trap 'gk_rc=$?; echo "FAIL: ${0##*/} line $LINENO: a command exited $gk_rc (set -e)"' ERR
G="${GONGKAI:?set GONGKAI to the gongkai binary}"
SRC="${GK_SOURCE_DIR:?set GK_SOURCE_DIR to the source tree}"
SCHEMA="$SRC/spec/report.schema.json"
VALIDATE="$SRC/tests/cli/validate_schema.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# The sqlite3 shell has no busy timeout: a lock still held by a process that
# was just killed, or by a concurrent gongkai, would fail a check with
# "database is locked" on a loaded machine. Wait for it as gongkai does.
sqlite3() { command sqlite3 -cmd ".timeout 10000" "$@"; }

# --- pgcli: the same script on either backend (issue 13 item 2) ---
# tests/pg/pg_cli.sh runs a script with GK_TEST_PG_URI (a PostgreSQL of
# its own, the office's login role) and GK_TEST_PG_ADMIN (its superuser).
# Without them the ledgers are SQLite files in $tmp, as they always were.
# ledger_target NAME   prints ledger NAME's target: $tmp/NAME, or the URI
#                      of schema NAME of that PostgreSQL (search_path),
#                      made empty by the first call, as the file is absent
# ledger_sql TARGET SQL  runs SQL on it as the ledger's own role (sqlite3
#                      or psql; rows as sqlite3 prints them: '|' between
#                      columns, NULL empty; on PostgreSQL row-level
#                      security applies, as it does to gongkai)
# on_pg / sqlite_only REASON   what a section needs: sqlite_only returns 1
#                      on PostgreSQL after saying why the section is left
is_pg() { [ -n "${GK_TEST_PG_URI:-}" ]; }
if is_pg; then
  # one key file for the test's ledgers (a PostgreSQL ledger names one)
  export GONGKAI_KEY_FILE="$tmp/pg.key"
fi
ledger_target() {
  if ! is_pg; then
    printf '%s\n' "$tmp/$1"
    return
  fi
  local schema role
  schema=$(printf '%s_%s' "${tmp##*/}" "$1" | tr -c 'a-zA-Z0-9\n' _ | tr A-Z a-z)
  role=${GK_TEST_PG_URI#*://}
  role=${role%%[@:/]*}
  command psql "$GK_TEST_PG_ADMIN" -XqAt -v ON_ERROR_STOP=1 -c \
    "CREATE SCHEMA IF NOT EXISTS $schema AUTHORIZATION $role" >/dev/null
  printf '%s?options=-csearch_path%%3D%s\n' "$GK_TEST_PG_URI" "$schema"
}
ledger_sql() {
  case "$1" in
  postgresql://* | postgres://*) command psql "$1" -XqAt -v ON_ERROR_STOP=1 -c "$2" ;;
  *) sqlite3 "$1" "$2" ;;
  esac
}
sqlite_only() {
  if is_pg; then
    echo "note: ${0##*/}: SQLite only: $*"
    return 1
  fi
}
# no_ledger REASON: a section that keeps no ledger (files, options) runs
# on the SQLite pass only: the PostgreSQL pass would repeat it unchanged
no_ledger() {
  if is_pg; then
    echo "note: ${0##*/}: no ledger, checked on the SQLite pass: $*"
    return 1
  fi
}
# --- end pgcli

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
  echo "  exit: ${rc:-?}"
  echo "  stderr: $(head -c 600 "$tmp/err" 2>/dev/null || true)"
}

run() {
  rc=0
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# expect_rc NAME CODE
expect_rc() {
  if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, expected $2"; fi
}

# expect_err NAME FIXED-STRING: stderr contains it
expect_err() {
  if grep -qF -- "$2" "$tmp/err"; then ok; else bad "$1: stderr lacks '$2'"; fi
}

# expect_read_error NAME FILE TEXT: stderr has "FILE[:LINE[:COL]]: error[read]: TEXT"
expect_read_error() {
  local f
  f=$(printf '%s' "$2" | sed 's/[][\.*^$+?(){}|]/\\&/g')
  if grep -qE -- "^$f(:[0-9]+){0,2}: error\[read\]: " "$tmp/err" &&
    grep -F -- "$3" "$tmp/err" | grep -qF -- "$2"; then
    ok
  else
    bad "$1: no read error for $2 saying '$3'"
  fi
}

# expect_out NAME FIXED-STRING: stdout contains it
expect_out() {
  if grep -qF -- "$2" "$tmp/out"; then ok; else bad "$1: stdout lacks '$2'"; fi
}

# expect_out_empty NAME
expect_out_empty() {
  if [ ! -s "$tmp/out" ]; then ok; else bad "$1: stdout not empty"; fi
}

finish() {
  echo "$(basename "$0" .sh): $pass passed, $fail failed"
  # exit, not a failing test: the ERR trap is for unexpected exits
  [ "$fail" -eq 0 ] || exit 1
}
