#!/usr/bin/env bash
# pg.failover: kill -9 of the primary under a steady load of registrations
# and answers through db_pg.c (pg_load), on a pg_auto_failover formation
# with synchronous replication (pgaf_env.sh). The secondary is promoted,
# the driver reconnects by itself (multi-host URI, target_session_attrs=
# read-write) and the load goes on; afterwards every acknowledged write is
# there, answered, and none twice (issue 13 item 4). Prints the failover
# time: to the promotion, and as the load saw it (the longest time between
# two commits).
set -u
here=$(cd "$(dirname "$0")" && pwd)
load="${GK_PG_LOAD:?set GK_PG_LOAD to the pg_load program}"
. "$here/pgaf_env.sh" || exit $?
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
w=$(mktemp -d)
cleanup() {
  [ -n "${lpid:-}" ] && kill "$lpid" 2>/dev/null
  rm -rf "$w"
  gk_pgaf_stop
}
trap cleanup EXIT
acks() { if [ -f "$w/acked" ]; then wc -l <"$w/acked"; else echo 0; fi; }
wait_acks() { # N SECONDS: at least N acknowledged writes
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ "$(acks)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

export PGCONNECT_TIMEOUT=10
q() { psql "$GK_PGAF_URI" -XqAt -c "$1"; }
gk_pgaf_step "the formation is up"
[ "$(q 'SHOW synchronous_standby_names')" != "" ] && ok ||
  bad "the primary does not replicate synchronously"
[ "$(q 'SHOW synchronous_commit')" = on ] && ok || bad "synchronous_commit is off"
[ "$(q 'SELECT inet_server_port()')" = "$GK_PGAF_PORT1" ] && ok ||
  bad "node1 is not the primary"

gk_pgaf_step "a steady load"
"$load" "$GK_PGAF_URI" "$w/acked" "$w/stop" >"$w/load.out" 2>"$w/load.err" &
lpid=$!
wait_acks 200 60 && ok || bad "no steady load: $(acks) writes, $(cat "$w/load.err")"

gk_pgaf_tighten
sleep 2 # a health check or two at the new period
before=$(acks)
gk_pgaf_step "kill -9 of the primary after $before writes"
kill_ms=$(date +%s%3N)
gk_pgaf_kill 1
gk_pgaf_wait 2 wait_primary 90 || gk_pgaf_wait 2 primary 5 && ok ||
  bad "node2 was not promoted: $(gk_pgaf_state 2)"
promoted_ms=$(date +%s%3N)
# the load goes on by itself on the new primary
gk_pgaf_step "the load on node2"
wait_acks $((before + 200)) 90 && ok ||
  bad "the load did not go on: $before then $(acks); $(tail -3 "$w/load.err")"
touch "$w/stop"
gk_pgaf_step "pg_load stops"
for ((i = 0; i < 600; i++)); do # 60 s: one write's reconnection budget and more
  kill -0 "$lpid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$lpid" 2>/dev/null && kill -9 "$lpid"
wait "$lpid"
lrc=$?
lpid=
[ "$lrc" = 0 ] && ok || bad "pg_load exited $lrc: $(cat "$w/load.err")"

[ "$(q 'SELECT inet_server_port()')" = "$GK_PGAF_PORT2" ] && ok ||
  bad "the URI does not lead to node2"
# every acknowledged write is there once, and answered
gk_pgaf_step "every acknowledged write"
cut -d' ' -f1 "$w/acked" >"$w/seqs"
psql "$GK_PGAF_URI" -XqAt -v ON_ERROR_STOP=1 >"$w/check" 2>&1 <<SQL ||
CREATE TEMP TABLE acked (seq bigint);
\\copy acked FROM '$w/seqs'
SELECT (SELECT count(*) FROM acked),
          (SELECT count(*) FROM acked a WHERE NOT EXISTS
             (SELECT 1 FROM load l WHERE l.seq = a.seq AND l.answered)),
          (SELECT count(*) FROM (SELECT seq FROM load GROUP BY seq
             HAVING count(*) > 1) d),
          (SELECT count(*) FROM load WHERE NOT answered);
SQL
  bad "check query: $(cat "$w/check")"
IFS='|' read -r nacked lost twice unanswered <"$w/check"
[ "$nacked" = "$(acks)" ] && [ "$nacked" -gt 400 ] && ok ||
  bad "acknowledged writes counted $nacked, file has $(acks)"
[ "$lost" = 0 ] && ok || bad "$lost acknowledged writes lost"
[ "$twice" = 0 ] && ok || bad "$twice writes there twice"
[ "$unanswered" = 0 ] && ok || bad "$unanswered registrations without their answer"

# the writers' outage: the longest time between two commits
gap=$(awk 'NR > 1 && $2 - t > g { g = $2 - t } { t = $2 } END { print g + 0 }' "$w/acked")
echo "pg.failover: $(cat "$w/load.out"); kill -9 to promotion" \
  "$((promoted_ms - kill_ms)) ms; longest time between two commits $gap ms"
echo "pg.failover: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || gk_pgaf_diagnose
[ "$fail" -eq 0 ]
