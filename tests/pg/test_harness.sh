#!/usr/bin/env bash
# pg.harness: pg_env.sh starts a PostgreSQL that answers on its URI, runs
# as a non-root user, and at the shell's exit is stopped and its folder
# removed (issue 13 item 2); a server whose test was killed (no EXIT trap)
# is stopped by the next start (sweep.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# A child shell sources the harness, reports what it started, exits.
bash -c '
  . "$1/pg_env.sh" || exit $?
  echo "dir=$GK_PG_DIR"
  echo "pid=$(head -1 "$GK_PG_DIR/data/postmaster.pid")"
  echo "who=$(psql "$GK_PG_URI" -Atc "select current_user")"
  echo "one=$(psql "$GK_PG_URI" -qAtc "create table t (x int); insert into t values (41); select x + 1 from t")"
  echo "fsync=$(psql "$GK_PG_URI" -Atc "show fsync")"
  echo "listen=$(psql "$GK_PG_URI" -Atc "show listen_addresses")"
' _ "$here" >"$out" 2>&1
rc=$?
[ "$rc" = 77 ] && { cat "$out"; exit 77; }
[ "$rc" = 0 ] && ok || bad "the child shell exited $rc: $(cat "$out")"
get() { sed -n "s/^$1=//p" "$out"; }
dir=$(get dir) pid=$(get pid)
[ "$(get one)" = 42 ] && ok || bad "query through GK_PG_URI: $(cat "$out")"
[ "$(get who)" = gongkai ] && ok || bad "connected as $(get who)"
[ "$(get fsync)" = off ] && ok || bad "fsync $(get fsync)"
[ "$(get listen)" = 127.0.0.1 ] && ok || bad "listens on $(get listen)"
case "$dir" in /*gk-pg.*) ok ;; *) bad "no folder reported ($dir)" ;; esac
[ -n "$dir" ] && [ ! -e "$dir" ] && ok || bad "$dir still there after exit"
if [ -n "$pid" ]; then
  # the postmaster is gone (pg_ctl -w waited for it); a zombie left to a
  # container's init that reaps nothing counts as gone
  st=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  if [ -n "$st" ] && [ "${st#Z}" = "$st" ]; then
    bad "postmaster $pid still runs"
  else ok; fi
else bad "no postmaster pid"; fi

running() { # PID: a live process, not a zombie nobody reaped
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null || true)
  [ -n "$st" ] && [ "${st#Z}" = "$st" ]
}

# A test killed with kill -9 runs no trap: its server goes on, until the
# next start stops it and removes its folder.
bash -c '. "$1/pg_env.sh" || exit $?
  echo "dir=$GK_PG_DIR"
  echo "pid=$(head -1 "$GK_PG_DIR/data/postmaster.pid")"
  kill -9 $$' _ "$here" >"$out" 2>&1
dir=$(get dir) pid=$(get pid)
if [ -n "$pid" ] && running "$pid" && [ -d "$dir" ]; then
  ok
  bash -c '. "$1/pg_env.sh" || exit $?' _ "$here" >"$out" 2>&1
  grep -q "stopped the servers a killed test left in $dir" "$out" && ok ||
    bad "the next start did not say it stopped $dir: $(cat "$out")"
  [ ! -e "$dir" ] && ok || bad "$dir still there after the next start"
  for ((i = 0; i < 50; i++)); do running "$pid" || break; sleep 0.1; done
  running "$pid" && bad "the killed test's postmaster $pid still runs" || ok
else
  bad "a killed test left no server to stop: $(cat "$out")"
fi

# As root the server must not run as root (initdb refuses it).
if [ "$(id -u)" = 0 ]; then
  owner=$(bash -c '. "$1/pg_env.sh" || exit $?
    stat -c %U "$GK_PG_DIR/data/postmaster.pid"' _ "$here" 2>&1)
  [ "$owner" = postgres ] && ok || bad "server files owned by $owner"
fi

# A server whose start fails leaves no folder behind and fails the source.
# (initdb on a bin folder that is not PostgreSQL's)
fake=$(mktemp -d)
printf '#!/bin/sh\nexit 1\n' >"$fake/initdb"
cp "$fake/initdb" "$fake/pg_ctl"
chmod +x "$fake/initdb" "$fake/pg_ctl"
before=$(ls -d "${TMPDIR:-/tmp}"/gk-pg.* 2>/dev/null | sort)
GK_PG_BIN=$fake bash -c '. "$1/pg_env.sh"' _ "$here" >/dev/null 2>&1
rc=$?
after=$(ls -d "${TMPDIR:-/tmp}"/gk-pg.* 2>/dev/null | sort)
[ "$rc" != 0 ] && [ "$rc" != 77 ] && ok || bad "a failed initdb returned $rc"
new=$(comm -13 <(echo "$before") <(echo "$after"))
[ -z "$new" ] && ok || bad "a failed start left $new"
rm -rf "$fake"

# Missing PostgreSQL: a skip (77) for a developer, a failure under CI.
CI= GK_PG_BIN=/nonexistent bash -c '. "$1/pg_env.sh"' _ "$here" >/dev/null 2>&1
rc=$?
[ "$rc" = 77 ] && ok || bad "missing PostgreSQL without CI returned $rc"
CI=true GK_PG_BIN=/nonexistent bash -c '. "$1/pg_env.sh"' _ "$here" >/dev/null 2>&1
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 77 ] && ok || bad "missing PostgreSQL under CI returned $rc"

echo "pg.harness: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
