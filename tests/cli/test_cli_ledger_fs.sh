#!/usr/bin/env bash
# test_cli_ledger_fs.sh: what the file system does to a ledger is said as
# such (issue 15 items 4 and 10): a lock held by an import is waited for
# (the busy timeout) and then reported as a lock; a read-only file system
# still lets the ledger be listed, exported and reported on; a full disk
# says so. Never "not a gongkai ledger" for any of them.
source "$(dirname "$0")/lib.sh"
db="$tmp/l.db"
export USER=clerk
now() { date +%s%N; }

run "$G" ledger init --db "$db" --agency "某县人民政府" --level county_gov_or_above
expect_rc "init" 0

# hold SECONDS MODE: another program holds the write lock of the ledger for
# SECONDS, in journal MODE (delete: what `ledger import` does, wal).
hold() {
  python3 - "$db" "$1" "$2" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=" + sys.argv[3]).fetchone()
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO meta VALUES ('held', 'yes')")
open(sys.argv[1] + ".held", "w").close()
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
c.close()
EOF
  while [ ! -e "$db.held" ]; do sleep 0.05; done
  rm -f "$db.held"
}

# An import holds the write lock with a rollback journal: a reader and a
# writer wait for it (they used to fail at once, "not a gongkai ledger
# (database is locked)"), then succeed.
hold 2 delete
t0=$(now)
run "$G" application list --db "$db"
expect_rc "list during an import waits" 0
run "$G" application add --db "$db" --ref L-1 --type natural --channel in_person --arrived 2025-06-09
expect_rc "add during an import waits" 0
t1=$(now)
wait
[ $(((t1 - t0) / 1000000)) -ge 1500 ] && ok || bad "did not wait for the lock ($(((t1 - t0) / 1000000)) ms)"
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] && ok || bad "journal not WAL after the import"

# Held past the busy timeout (5 s): reported as a lock, after waiting; the
# same in English by a second command waiting alongside.
hold 9 wal
("$G" application add --db "$db" --ref L-3 --type natural --channel in_person \
  --arrived 2025-06-09 --lang en >/dev/null 2>"$tmp/en.err") &
enpid=$!
t0=$(now)
run "$G" application add --db "$db" --ref L-2 --type natural --channel in_person --arrived 2025-06-09
t1=$(now)
expect_rc "add locked" 2
expect_err "add locked" "正被其他程序锁定"
grep -qF "不是 gongkai 台账" "$tmp/err" && bad "a lock said 'not a gongkai ledger'" || ok
[ $(((t1 - t0) / 1000000)) -ge 4500 ] && ok || bad "gave up before the busy timeout ($(((t1 - t0) / 1000000)) ms)"
wait "$enpid" || true
grep -qF "is locked by another program" "$tmp/en.err" && ok || bad "add locked, English: $(cat "$tmp/en.err")"
wait

# A mount of our own: as root, or in a user namespace; without either the
# rest is skipped (said so in the output).
mnt="$tmp/mnt"
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=512k gongkai-test "$mnt" 2>/dev/null; then
  asroot=""
  umount "$mnt"
elif unshare -rm true 2>/dev/null; then
  asroot="unshare -rm"
else
  echo "SKIP: cannot mount a tmpfs (not root, no user namespaces)"
  finish
  exit
fi
cleanup() { [ -n "$asroot" ] || umount "$mnt" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

# in_mnt SCRIPT: runs SCRIPT (bash) with $mnt mounted (fresh, 512 KiB: a new ledger, its WAL and the checkpoint at close fit).
in_mnt() {
  if [ -z "$asroot" ]; then
    umount "$mnt" 2>/dev/null || true
    mount -t tmpfs -o size=512k gongkai-test "$mnt" && bash -c "$1"
  else
    unshare -rm bash -c "mount -t tmpfs -o size=512k gongkai-test '$mnt' && $1"
  fi
}

# A read-only file system: list, export and report work; a change says
# read-only (before: every command said "not a gongkai ledger (unable to
# open database file)").
script="set -u; cd '$mnt'
'$G' ledger init --db r.db --agency 某县人民政府 --level county_gov_or_above 2>/dev/null
'$G' application add --db r.db --ref R-1 --type natural --channel in_person --arrived 2025-06-09 >/dev/null
mount -o remount,ro '$mnt'
'$G' application list --db r.db; echo list=\$?
'$G' ledger export --db r.db; echo export=\$?
'$G' report --db r.db --year 2025 --date 2026-01-10 >/dev/null; echo report=\$?
'$G' application add --db r.db --ref R-2 --type natural --channel in_person --arrived 2025-06-09; echo add=\$?"
run in_mnt "$script"
expect_out "read-only list" "R-1	办理中"
expect_out "read-only list" "list=0"
expect_out "read-only export" "R-1,natural"
expect_out "read-only export" "export=0"
expect_out "read-only report" "report=0"
expect_out "read-only add refused" "add=2"
expect_err "read-only add says so" "是只读的"
grep -qF "不是 gongkai 台账" "$tmp/err" && bad "read-only said 'not a gongkai ledger'" || ok

# A full disk: at open and at init, said as a full disk; a failed init
# leaves no half-made file behind.
script="set -u; cd '$mnt'
'$G' ledger init --db f.db --agency 某县人民政府 --level county_gov_or_above 2>/dev/null
dd if=/dev/zero of=fill bs=1k count=10000 2>/dev/null
'$G' application list --db f.db; echo list=\$?
'$G' ledger init --db g.db --agency 某县人民政府 --level department; echo init=\$?
ls"
run in_mnt "$script"
expect_out "full disk at open" "list=2"
expect_out "full disk at init" "init=2"
expect_err "full disk says so" "磁盘已满"
grep -qF "不是 gongkai 台账" "$tmp/err" && bad "a full disk said 'not a gongkai ledger'" || ok
grep -q '^g.db' "$tmp/out" && bad "a failed init left g.db" || ok

finish
