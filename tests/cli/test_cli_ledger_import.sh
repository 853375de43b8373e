#!/usr/bin/env bash
# test_cli_ledger_import.sh: CSV import and backup (issue 11 point 9, issue
# 15 points 3 and 4; docs/ledger.md "CSV" and "Backup"): the import holds
# rows to the state machine's rules and reports every bad row with
# FILE:LINE:COL; reads GBK/GB18030 CSV as Excel saves it; streams its input
# with a bound per record and refuses devices; keeps WAL, so other
# commands read during an import; `ledger backup` copies everything online.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target i.db)
export USER=clerk
q() { ledger_sql "$db" "$1"; }
run "$G" ledger init --db "$db" --agency "某局" --level department
expect_rc "init" 0

# Every bad row, each with FILE:LINE:COL; the rules of the CLI path.
cat > "$tmp/bad.csv" <<'EOF'
ref,applicant_type,channel,received_on,state,outcome,basis,closed_on,due_on
N1,natural,fax,2025-06-09,registered,,,,
N2,natural,fax,2025-13-01,registered,,,,
N3,natural,fax,2025-06-09,answered,unable.unclear,第三十条,2025-06-20,
N4,natural,fax,2025-06-09,registered,,,,2025-12-30
N1,natural,fax,2025-06-09,registered,,,,
N5,natural,fax,2025-06-09,answered,granted,,2025-06-20,
EOF
run "$G" ledger import --db "$db" "$tmp/bad.csv" --lang en
expect_rc "bad rows" 2
expect_err "bad date" "bad.csv:3:4: column received_on"
expect_err "unable.unclear without 补正" "bad.csv:4:6: column outcome: unable.unclear needs a correction request first"
expect_err "a due date the rules do not give" "bad.csv:5:9: column due_on: the due date is derived by the rules: 2025-07-07"
expect_err "duplicate after a bad row" "bad.csv:6:1: column ref: duplicate reference"
expect_err "an answer without basis" "bad.csv:7:7: column basis"
expect_err "nothing imported" "nothing was imported"
[ "$(q "SELECT count(*) FROM applications")" = 0 ] && ok || bad "bad rows imported"

# 补正 then lapse / unable.unclear: with corrections 1 they import.
cat > "$tmp/corr.csv" <<'EOF'
ref,applicant_type,channel,received_on,state,outcome,basis,closed_on,corrections
C1,natural,fax,2025-06-09,answered,unable.unclear,第三十条,2025-06-20,1
C2,natural,fax,2025-06-09,abandoned,other.no_correction,第三十条,2025-06-30,1
C3,natural,fax,2025-06-09,abandoned,other.no_correction,第三十条,2025-06-30,0
EOF
run "$G" ledger import --db "$db" "$tmp/corr.csv" --lang en
expect_rc "lapse without its 补正" 2
expect_err "lapse without its 补正" "corr.csv:4:9: column corrections"
head -3 "$tmp/corr.csv" > "$tmp/corr2.csv"
run "$G" ledger import --db "$db" "$tmp/corr2.csv"
expect_rc "with their 补正" 0

# GBK / GB18030 as Excel saves it, with a Chinese name and basis.
printf 'ref,applicant_type,channel,received_on,state,applicant_name,outcome,basis,closed_on\nG1,natural,in_person,2025-06-09,answered,张三,granted,《政府信息公开条例》第三十六条,2025-06-10\n' |
  iconv -f UTF-8 -t GB18030 > "$tmp/gbk.csv"
run "$G" ledger import --db "$db" "$tmp/gbk.csv"
expect_rc "GB18030 CSV" 0
[ "$(q "SELECT applicant_name || basis FROM applications WHERE ref = 'G1'")" = "张三《政府信息公开条例》第三十六条" ] && ok || bad "GB18030 not decoded"
printf 'ref,applicant_type,channel,received_on,state\nX1,natural,fax,2025-06-09,registered\n\x81\x30\x81,natural,fax,2025-06-09,registered\n' > "$tmp/badenc.csv"
run "$G" ledger import --db "$db" "$tmp/badenc.csv" --lang en
expect_rc "neither UTF-8 nor GB18030" 2
expect_err "neither UTF-8 nor GB18030" "badenc.csv:3: neither UTF-8 nor GB18030"

# Unbounded input: a device is refused at once; an endless record read
# from a pipe stops at the record bound with FILE:LINE, exit 2 (not 3).
run timeout 20 "$G" ledger import --db "$db" /dev/zero --lang en
expect_rc "/dev/zero" 2
expect_err "/dev/zero" "not a regular file"
rc=0
head -c 5000000 /dev/zero | tr '\0' 'a' | timeout 20 "$G" ledger import --db "$db" - --lang en >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc "an over-long record" 2
expect_err "an over-long record" "-:1: a record longer than the limit"
{ printf 'ref,applicant_type,channel,received_on,state,description\nL1,natural,fax,2025-06-09,registered,"'; head -c 3000000 /dev/zero | tr '\0' 'b'; printf '"\n'; } > "$tmp/long.csv"
run timeout 20 "$G" ledger import --db "$db" "$tmp/long.csv" --lang en
expect_rc "an over-long quoted record" 2
expect_err "an over-long quoted record" "long.csv:2: a record longer than the limit"

if sqlite_only "WAL kept during an import (SQLite's journal; PostgreSQL readers see their snapshot)"; then
# WAL is kept during an import: another command reads the ledger while a
# big import runs, and sees it as it was.
awk -v n=150000 -v seed=3 -v prefix=W -f "$SRC/bench/gen_ledger_csv.awk" > "$tmp/big.csv"
before=$(q "SELECT count(*) FROM applications")
"$G" ledger import -q --db "$db" "$tmp/big.csv" &
pid=$!
seen=0
for _ in $(seq 1 200); do
  [ "$(q "PRAGMA journal_mode")" = wal ] || bad "journal mode left WAL during the import"
  run "$G" application list --db "$db" --state answered
  if [ "$rc" = 0 ]; then seen=$((seen + 1)); else bad "a reader failed during the import"; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
wait "$pid" && ok || bad "the big import failed"
[ "$seen" -gt 0 ] && ok || bad "no read during the import"
[ "$(q "SELECT count(*) FROM applications")" = $((before + 150000)) ] && ok || bad "big import incomplete"
fi

# ledger backup: an online, consistent copy of everything, mode 0600.
# (a PostgreSQL ledger is refused: its backup is pg_basebackup's)
if is_pg; then
  run "$G" ledger backup --db "$db" -o "$tmp/copy.db" --lang en
  expect_rc "backup of a PostgreSQL ledger" 2
  expect_err "backup of a PostgreSQL ledger" "pg_basebackup"
  [ ! -e "$tmp/copy.db" ] && ok || bad "a refused backup left a file"
else
run "$G" application add --db "$db" --ref B-1 --type natural --channel in_person --arrived 2025-06-09
run "$G" application act --db "$db" B-1 consult --on 2025-06-10 --reason 第三方
run "$G" ledger backup --db "$db" -o "$tmp/copy.db"
expect_rc "backup" 0
[ "$(stat -c %a "$tmp/copy.db")" = 600 ] && ok || bad "backup mode $(stat -c %a "$tmp/copy.db")"
for t in applications application_events audit_log fees; do
  [ "$(sqlite3 "$tmp/copy.db" "SELECT count(*) FROM $t")" = "$(q "SELECT count(*) FROM $t")" ] && ok || bad "backup: $t differs"
done
run "$G" application show --db "$tmp/copy.db" B-1 --format json
expect_out "a consulting application survives the backup" '"state":"consulting"'
"$G" ledger export --db "$db" -o "$tmp/a.csv"
"$G" ledger export --db "$tmp/copy.db" -o "$tmp/b.csv"
cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || bad "backup exports differently"
run "$G" ledger backup --db "$db" -o "$tmp/copy.db" --lang en
expect_rc "backup over an existing file" 2
expect_err "backup over an existing file" "is not overwritten"
ls "$tmp"/copy.db.tmp-* >/dev/null 2>&1 && bad "backup left a temporary file" || ok
fi

finish
