# sweep.sh: stops the PostgreSQL servers a killed test left behind.
# Sourced by pg_env.sh and pgaf_env.sh. Each test's folder names its owner
# (the test's shell, in OWNER); a test killed by a timeout never runs its
# EXIT trap, and its servers (and pg_autoctl keepers) would go on using
# ports, memory and CPU until the machine restarts, slowing every later
# test. At the next start each folder whose owner is gone (or a zombie
# nobody reaped) is stopped: the process groups in *.pgid, the postmasters
# in */postmaster.pid, then the folder is removed. A folder without an
# owner (made by an older harness) is swept only when six hours old.
#   gk_pg_sweep PREFIX    e.g. /tmp/gk-pg. (the folders PREFIX*)

gk_pg_sweep() {
  local d owner f pid
  for d in "$1"*; do
    [ -d "$d" ] || continue
    owner=$(cat "$d/OWNER" 2>/dev/null)
    if [ -n "$owner" ]; then
      case "$(ps -o stat= -p "$owner" 2>/dev/null)" in "" | Z*) ;; *) continue ;; esac
    elif [ -z "$(find "$d" -maxdepth 0 -mmin +360)" ]; then
      continue
    fi
    for f in "$d"/*.pgid; do
      [ -f "$f" ] && kill -9 -- "-$(cat "$f")" 2>/dev/null
    done
    for f in "$d"/*/postmaster.pid; do
      [ -f "$f" ] || continue
      pid=$(head -1 "$f")
      kill -9 "$pid" 2>/dev/null && pkill -9 -P "$pid" 2>/dev/null
    done
    echo "pg: stopped the servers a killed test left in $d" >&2
    rm -rf "$d"
  done
}

# gk_pg_own DIR: DIR belongs to this shell (the test)
gk_pg_own() { echo $$ >"$1/OWNER"; }
