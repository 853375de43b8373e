# pgaf_env.sh: a throwaway pg_auto_failover formation for one test (issue 13
# item 4): a monitor, a primary and a secondary, PostgreSQL 15 on loopback
# ports in a new temporary folder, synchronous replication (the secondary
# is in the write quorum, so a commit returns once it has the WAL).
# Sourced:   . tests/pg/pgaf_env.sh   (bash; needs postgresql-15-auto-failover)
# Exports
#   GK_PGAF_URI      postgresql://postgres@127.0.0.1:P1,127.0.0.1:P2/gongkai
#                    ?target_session_attrs=read-write (both data nodes)
#   GK_PGAF_MONITOR  the monitor's URI;  GK_PGAF_DIR the folder
#   GK_PGAF_PORT1 GK_PGAF_PORT2  the data nodes' ports (node 1 starts primary)
# and functions
#   gk_pgaf_state N        node N's state as the monitor sees it (primary…)
#   gk_pgaf_wait N STATE S waits up to S seconds for node N to reach STATE
#   gk_pgaf_kill N         kill -9 of node N: its keeper and its postgres
#   gk_pgaf_stop           stops all and removes the folder (the EXIT trap)
#   gk_pgaf_step TEXT      says which step runs now (printed with the time)
#   gk_pgaf_left           seconds left before the deadline
#   gk_pgaf_tighten        the monitor's failure detection in seconds
#   gk_pgaf_diagnose       the end of every node's and the monitor's log
# A deadline (GK_PGAF_DEADLINE seconds, default 480, under ctest's 600)
# bounds the whole test: each pg_autoctl call runs under timeout(1), and a
# watchdog that outlives it names the step that hung, prints the logs and
# ends the test, so the trap stops the servers. A formation left by a test
# that was killed anyway is stopped at the next start (sweep.sh).
# Each node's pg_autoctl runs in its own session (setsid), so killing a node
# kills the whole machine's worth of it. As root everything runs as the
# 'postgres' user (as in pg_env.sh); pg_autoctl's configuration and state go
# under the folder (XDG_* variables), never to a home directory. The
# monitor's health checks are tightened (1 s period, 3 s to unhealthy, 5 s
# for a lost primary to demote itself, which its keeper does after 3 s
# without the monitor) so a test sees a failover in seconds;
# docs/operations.md gives production's.
# PostgreSQL or pg_autoctl missing: 77 (skip), or a failure under CI.

GK_PG_BIN=${GK_PG_BIN:-/usr/lib/postgresql/15/bin}
. "$(dirname "${BASH_SOURCE[0]}")/sweep.sh"
gk__pgaf_t0=$SECONDS
gk__pgaf_deadline=${GK_PGAF_DEADLINE:-480}

gk_pgaf_left() {
  local left=$((gk__pgaf_t0 + gk__pgaf_deadline - SECONDS))
  [ "$left" -lt 1 ] && left=1
  echo "$left"
}

gk_pgaf_step() {
  echo "pgaf: $((SECONDS - gk__pgaf_t0)) s: $*"
  [ -n "${GK_PGAF_DIR:-}" ] && echo "$*" >"$GK_PGAF_DIR/step"
  return 0
}

gk_pgaf_diagnose() {
  [ -n "${GK_PGAF_DIR:-}" ] || return 0
  local f
  for f in "$GK_PGAF_DIR"/*.log; do
    [ -f "$f" ] || continue
    echo "--- the end of $(basename "$f"):" >&2
    tail -12 "$f" >&2
  done
}

gk__pgaf_as() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- \
      env HOME="$GK_PGAF_DIR" "$@"
  else
    "$@"
  fi
}

# pg_autoctl with the formation's environment; under timeout(1) when
# gk__pgaf_limit is set (create, config, drop; not run, which lasts)
gk__pgaf_run() {
  gk__pgaf_as ${gk__pgaf_limit:+timeout -k 5 "$gk__pgaf_limit"} \
    env PATH="$GK_PG_BIN:/usr/bin:/bin" XDG_CONFIG_HOME="$GK_PGAF_DIR/xdg/config" \
    XDG_DATA_HOME="$GK_PGAF_DIR/xdg/data" XDG_RUNTIME_DIR="$GK_PGAF_DIR/xdg/run" \
    PG_AUTOCTL_DEBUG= pg_autoctl "$@"
}

gk__pgaf_ctl() { # at most 240 s, and never past the deadline
  local gk__pgaf_limit
  gk__pgaf_limit=$(gk_pgaf_left)
  [ "$gk__pgaf_limit" -gt 240 ] && gk__pgaf_limit=240
  gk__pgaf_run "$@"
}

# The watchdog: at the deadline it names the step, prints the logs and
# ends the test's children and then the test (its EXIT trap stops the
# servers); a foreground child would otherwise hold the signal back.
gk__pgaf_watch() {
  local owner=$$
  (
    sleep "$(gk_pgaf_left)"
    echo "pgaf: the deadline of $gk__pgaf_deadline s passed in the step" \
      "'$(cat "$GK_PGAF_DIR/step" 2>/dev/null)'" >&2
    gk_pgaf_diagnose
    for c in $(pgrep -P "$owner"); do
      [ "$c" != "$BASHPID" ] && kill -TERM "$c" 2>/dev/null
    done
    kill -TERM "$owner"
  ) &
  gk__pgaf_watchdog=$!
  disown # its end at gk_pgaf_stop is no news either
}

gk__pgaf_port() { # a port nothing listens on
  local p
  while :; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    (echo >/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
}

gk_pgaf_state() {
  gk__pgaf_as "$GK_PG_BIN/psql" "$GK_PGAF_MONITOR" -XqAt -c \
    "SELECT reportedstate FROM pgautofailover.node WHERE nodename = 'node$1'" 2>/dev/null
}

gk_pgaf_wait() { # N STATE SECONDS (never past the deadline)
  local i n=$3
  [ "$n" -gt "$(gk_pgaf_left)" ] && n=$(gk_pgaf_left)
  for ((i = 0; i < n * 5; i++)); do
    [ "$(gk_pgaf_state "$1")" = "$2" ] && return 0
    sleep 0.2
  done
  echo "pgaf_env: node$1 is '$(gk_pgaf_state "$1")' after $n s, not $2" >&2
  return 1
}

gk__pgaf_ready() { # PORT SECONDS: the server there accepts connections
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    "$GK_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.2
  done
  return 1
}

gk_pgaf_kill() { # kill -9 of node N: keeper, its children, its postgres
  local pgid pid
  pgid=$(cat "$GK_PGAF_DIR/node$1.pgid" 2>/dev/null)
  pid=$(head -1 "$GK_PGAF_DIR/node$1/postmaster.pid" 2>/dev/null)
  [ -n "$pgid" ] && kill -9 -- "-$pgid" 2>/dev/null
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  # and every backend of that postmaster
  [ -n "$pid" ] && pkill -9 -P "$pid" 2>/dev/null
  return 0
}

gk_pgaf_stop() {
  if [ -n "${gk__pgaf_watchdog:-}" ]; then
    # the subshell first: killed under it, its sleep would make it say
    # "Terminated"
    local sleeper
    sleeper=$(pgrep -P "$gk__pgaf_watchdog")
    kill "$gk__pgaf_watchdog" 2>/dev/null
    [ -n "$sleeper" ] && kill $sleeper 2>/dev/null
    gk__pgaf_watchdog=
  fi
  [ -n "${GK_PGAF_DIR:-}" ] || return 0
  local f pgid pid
  for f in "$GK_PGAF_DIR"/*.pgid; do
    [ -f "$f" ] || continue
    pgid=$(cat "$f")
    kill -9 -- "-$pgid" 2>/dev/null
  done
  for f in "$GK_PGAF_DIR"/*/postmaster.pid; do
    [ -f "$f" ] || continue
    pid=$(head -1 "$f")
    kill -9 "$pid" 2>/dev/null && pkill -9 -P "$pid" 2>/dev/null
  done
  rm -rf "$GK_PGAF_DIR"
  GK_PGAF_DIR=
}

# start NAME ARGS…: pg_autoctl ARGS in a new session, its process group
# saved as NAME.pgid
gk__pgaf_start() {
  local name=$1
  shift
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$GK_PGAF_DIR/$name.pgid" \
    bash -c "$(declare -f gk__pgaf_as gk__pgaf_run); GK_PGAF_DIR='$GK_PGAF_DIR' GK_PG_BIN='$GK_PG_BIN' gk__pgaf_run \"\$@\"" _ "$@" \
    >>"$GK_PGAF_DIR/$name.log" 2>&1 </dev/null &
  disown # its death by kill -9 is the point, not news for the shell
  local i
  for ((i = 0; i < 50; i++)); do
    [ -s "$GK_PGAF_DIR/$name.pgid" ] && return 0
    sleep 0.1
  done
  return 1
}

gk__pgaf_setup() {
  if [ ! -x "$GK_PG_BIN/initdb" ] || ! command -v pg_autoctl >/dev/null; then
    echo "pgaf_env: PostgreSQL 15 or pg_autoctl missing (postgresql-15-auto-failover is in the Makefile's TEST_PACKAGES)" >&2
    if [ -n "${CI:-}" ]; then return 1; fi
    return 77
  fi
  gk_pg_sweep "${TMPDIR:-/tmp}/gk-pgaf."
  GK_PGAF_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gk-pgaf.XXXXXX") || return 1
  chmod 0700 "$GK_PGAF_DIR"
  gk_pg_own "$GK_PGAF_DIR"
  gk__pgaf_watch
  gk_pgaf_step "the monitor"
  mkdir -p "$GK_PGAF_DIR/xdg/config" "$GK_PGAF_DIR/xdg/data" "$GK_PGAF_DIR/xdg/run"
  chmod 0700 "$GK_PGAF_DIR/xdg/run"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$GK_PGAF_DIR"
  local pm p1 p2
  pm=$(gk__pgaf_port) p1=$(gk__pgaf_port) p2=$(gk__pgaf_port)
  export GK_PGAF_DIR
  if ! gk__pgaf_ctl create monitor --pgdata "$GK_PGAF_DIR/monitor" --pgport "$pm" \
    --hostname 127.0.0.1 --auth trust --no-ssl >>"$GK_PGAF_DIR/monitor.log" 2>&1; then
    echo "pgaf_env: the monitor was not created:" >&2
    tail -5 "$GK_PGAF_DIR/monitor.log" >&2
    return 1
  fi
  GK_PGAF_MONITOR="postgresql://autoctl_node@127.0.0.1:$pm/pg_auto_failover"
  echo "fsync = off" >>"$GK_PGAF_DIR/monitor/postgresql.conf"
  gk__pgaf_start monitor run --pgdata "$GK_PGAF_DIR/monitor" || return 1
  local i
  for ((i = 0; i < 150; i++)); do
    gk__pgaf_as "$GK_PG_BIN/psql" "$GK_PGAF_MONITOR" -XqAt -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  # create left the monitor's postgres running: it reads the settings now
  gk__pgaf_as "$GK_PG_BIN/pg_ctl" -D "$GK_PGAF_DIR/monitor" reload >/dev/null 2>&1
  local n port
  for n in 1 2; do
    port=$p1
    [ "$n" = 2 ] && port=$p2
    # The secondary's base backup may meet the primary restarting as it
    # takes the secondary in (seen under load): drop the half-made node
    # and try again.
    local try
    for try in 1 2 3; do
      gk_pgaf_step "node$n (try $try)"
      [ "$n" = 2 ] && gk__pgaf_ready "$p1" 60
      gk__pgaf_ctl create postgres --pgdata "$GK_PGAF_DIR/node$n" --pgport "$port" \
        --hostname 127.0.0.1 --name "node$n" --dbname gongkai --auth trust --no-ssl \
        --monitor "$GK_PGAF_MONITOR" >>"$GK_PGAF_DIR/node$n.log" 2>&1 && break
      echo "pgaf_env: node$n not created (try $try)" >>"$GK_PGAF_DIR/node$n.log"
      gk__pgaf_ctl drop node --destroy --pgdata "$GK_PGAF_DIR/node$n" \
        >>"$GK_PGAF_DIR/node$n.log" 2>&1
      rm -rf "$GK_PGAF_DIR/node$n"
      if [ "$try" = 3 ]; then
        echo "pgaf_env: node$n was not created:" >&2
        grep -E "ERROR|FATAL" "$GK_PGAF_DIR/node$n.log" | head -8 >&2
        gk_pgaf_diagnose
        return 1
      fi
      sleep 2
    done
    gk__pgaf_start "node$n" run --pgdata "$GK_PGAF_DIR/node$n" || return 1
    if [ "$n" = 1 ]; then
      gk_pgaf_wait 1 single 60 || { gk_pgaf_diagnose; return 1; }
    fi
  done
  # 240 s: the secondary's base backup and catch-up took over 120 s once
  # on a loaded 2-core CI machine (the formation then stayed wait_primary)
  gk_pgaf_step "node1 primary, node2 secondary"
  gk_pgaf_wait 1 primary 240 && gk_pgaf_wait 2 secondary 240 ||
    { gk_pgaf_diagnose; return 1; }
  GK_PGAF_PORT1=$p1 GK_PGAF_PORT2=$p2
  GK_PGAF_URI="postgresql://postgres@127.0.0.1:$p1,127.0.0.1:$p2/gongkai?target_session_attrs=read-write"
  export GK_PGAF_URI GK_PGAF_MONITOR GK_PGAF_PORT1 GK_PGAF_PORT2 GK_PG_BIN
}

# seconds, not the production defaults' tens of seconds
gk_pgaf_tighten() {
  cat >>"$GK_PGAF_DIR/monitor/postgresql.conf" <<CONF
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 3000
pgautofailover.primary_demote_timeout = 5000
CONF
  gk__pgaf_as "$GK_PG_BIN/pg_ctl" -D "$GK_PGAF_DIR/monitor" reload >/dev/null 2>&1
  # a primary cut off from the monitor stops taking writes after this (the
  # monitor promotes only after primary_demote_timeout, longer). Set from
  # the start, a keeper slowed by a loaded machine stopped its primary
  # while the secondary was taking its base backup ("node2 was not
  # created"); a killed primary needs none of it.
  local n
  for n in 1 2; do
    gk__pgaf_ctl config set --pgdata "$GK_PGAF_DIR/node$n" \
      timeout.network_partition_timeout 3 >>"$GK_PGAF_DIR/node$n.log" 2>&1
  done
}

trap gk_pgaf_stop EXIT
gk__pgaf_setup || { gk__pgaf_rc=$?; gk_pgaf_stop; return $gk__pgaf_rc; }
