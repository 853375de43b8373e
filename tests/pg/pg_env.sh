# pg_env.sh: a throwaway PostgreSQL 15 for one test (issue 13 item 2).
# Sourced:   . tests/pg/pg_env.sh   (bash; needs postgresql-15)
# It runs initdb + pg_ctl from /usr/lib/postgresql/15/bin in a new temporary
# folder, on a free loopback port with its unix socket in that folder, and
# exports
#   GK_PG_URI   postgresql://gongkai@127.0.0.1:PORT/gongkai (libpq URI)
#   GK_PG_DIR   the folder (data in $GK_PG_DIR/data, log in $GK_PG_DIR/log)
#   GK_PG_PORT  the port;  GK_PG_BIN the server's bin folder
#   PGHOST PGPORT PGUSER PGDATABASE, so a bare `psql` reaches it
# and stops and removes it when the shell exits (an EXIT trap; a script
# with its own EXIT trap calls gk_pg_stop from it). A killed test's server
# is stopped by the next start (sweep.sh).
#
# As root (CI containers, this machine) initdb refuses to run, so the
# server runs as the 'postgres' system user that Debian's postgresql-common
# creates with the server package (no user of our own to create or clean
# up); the folder is handed to it (0700). Without systemd: pg_ctl starts
# the server directly. fsync is off: a test's data need not survive a
# crash of the machine.
# GK_PG_OPTS (optional): more server options, after these, so they win
# (bench/ledger_scale.sh: fsync on, shared_buffers, more connections).
#
# PostgreSQL missing: under CI (CI set) the sourcing fails, elsewhere it
# returns 77, which the ctests declare as their skip code. A caller with
# set -e must use `. pg_env.sh || exit $?`.

GK_PG_BIN=${GK_PG_BIN:-/usr/lib/postgresql/15/bin}
. "$(dirname "${BASH_SOURCE[0]}")/sweep.sh"

gk__pg_as() { # runs a command as the server's user
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

gk_pg_stop() {
  [ -n "${GK_PG_DIR:-}" ] || return 0
  if [ -f "$GK_PG_DIR/data/postmaster.pid" ]; then
    gk__pg_as "$GK_PG_BIN/pg_ctl" -D "$GK_PG_DIR/data" -m immediate -w \
      stop >/dev/null 2>&1 || true
  fi
  rm -rf "$GK_PG_DIR"
  GK_PG_DIR=
}

gk__pg_start() {
  if [ ! -x "$GK_PG_BIN/initdb" ] || [ ! -x "$GK_PG_BIN/pg_ctl" ]; then
    echo "pg_env: PostgreSQL 15 not found in $GK_PG_BIN (postgresql-15 is in the Makefile's TEST_PACKAGES)" >&2
    if [ -n "${CI:-}" ]; then return 1; fi
    return 77
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "pg_env: running as root and there is no 'postgres' user to run the server as" >&2
    return 1
  fi
  gk_pg_sweep "${TMPDIR:-/tmp}/gk-pg."
  GK_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gk-pg.XXXXXX") || return 1
  chmod 0700 "$GK_PG_DIR"
  gk_pg_own "$GK_PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$GK_PG_DIR"
  if ! gk__pg_as "$GK_PG_BIN/initdb" -D "$GK_PG_DIR/data" -U gongkai \
    --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$GK_PG_DIR/initdb.log" 2>&1; then
    echo "pg_env: initdb failed:" >&2
    tail -5 "$GK_PG_DIR/initdb.log" >&2
    return 1
  fi
  # A free port: another test may take the one we picked between the
  # choice and the bind, so a start that fails on its port tries another.
  local try port
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if gk__pg_as "$GK_PG_BIN/pg_ctl" -D "$GK_PG_DIR/data" -l "$GK_PG_DIR/log" \
      -w -t 60 -o "-p $port -k $GK_PG_DIR -c listen_addresses=127.0.0.1 \
      -c fsync=off -c full_page_writes=off -c max_connections=60 \
      ${GK_PG_OPTS:-}" \
      start >/dev/null 2>&1; then
      GK_PG_PORT=$port
      break
    fi
    grep -q "could not bind\|could not create lock file\|Address already in use" \
      "$GK_PG_DIR/log" 2>/dev/null || break
  done
  if [ -z "${GK_PG_PORT:-}" ]; then
    echo "pg_env: the server did not start:" >&2
    tail -5 "$GK_PG_DIR/log" >&2
    return 1
  fi
  export GK_PG_DIR GK_PG_PORT GK_PG_BIN
  export PGHOST=127.0.0.1 PGPORT=$GK_PG_PORT PGUSER=gongkai PGDATABASE=gongkai
  if ! "$GK_PG_BIN/createdb" -h 127.0.0.1 -p "$GK_PG_PORT" -U gongkai gongkai \
    2>"$GK_PG_DIR/createdb.log"; then
    echo "pg_env: createdb failed: $(cat "$GK_PG_DIR/createdb.log")" >&2
    return 1
  fi
  export GK_PG_URI="postgresql://gongkai@127.0.0.1:$GK_PG_PORT/gongkai"
}

GK_PG_PORT=
trap gk_pg_stop EXIT
gk__pg_start || { gk__pg_rc=$?; gk_pg_stop; return $gk__pg_rc; }
