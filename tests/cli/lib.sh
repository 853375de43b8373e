# lib.sh: helpers sourced by the tests/cli/test_cli_*.sh scripts.
# run CMD...        runs it; sets $rc, and files $tmp/out, $tmp/err
# ok NAME / bad NAME counts one assertion; finish prints the totals.
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
