#!/usr/bin/env bash
# test_cli_ledger_fee.sh: fees through the binary (国办函〔2020〕109号,
# docs/ledger.md "Fees"): fee-notice computes and stores the fee by pages
# or by piece, exactly one of the two; 0 元 is refused; fee-paid records the
# payment and its receipt; application show prints them; the report's
# section 六 states the year's total, and --explain fees lists it.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target l.db)
export USER=clerk
count() { ledger_sql "$db" "SELECT (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM application_events) || '/' || (SELECT count(*) FROM fees)"; }

run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
expect_rc "init" 0

# 按量: 250 pages = 70 x 10 + 100 x 20 + 50 x 40 = 4,700 元.
run "$G" application add --db "$db" --ref V-1 --type natural --channel in_person --arrived 2024-03-04
expect_rc "add V-1" 0
run "$G" application act --db "$db" V-1 fee-notice --on 2024-03-05 --pages 250
expect_rc "fee-notice by pages" 0
expect_out "fee-notice by pages" "4700 元"
expect_out "fee-notice by pages" "状态: 待缴费"
[ "$(ledger_sql "$db" "SELECT yuan FROM fees")" = 4700 ] && ok || bad "4700 not stored"
run "$G" application show --db "$db" V-1 --format json
expect_out "show json" '"yuan":4700'
expect_out "show json" '"paid_on":null'

# Both or neither: a usage error, nothing changes.
before=$(count)
run "$G" application add --db "$db" --ref V-2 --type natural --channel in_person --arrived 2024-03-04
run "$G" application act --db "$db" V-2 fee-notice --on 2024-03-05 --pages 250 --by-piece --lang en
expect_rc "both methods" 2
expect_err "both methods" "exactly one of --pages N"
run "$G" application act --db "$db" V-2 fee-notice --on 2024-03-05
expect_rc "no method" 2
expect_err "no method" "--pages N（按量）或 --by-piece（按件）"
run "$G" application act --db "$db" V-2 fee-notice --on 2024-03-05 --pages x
expect_rc "bad pages" 2
run "$G" application act --db "$db" V-2 answer --on 2024-03-05 --pages 3
expect_rc "pages on answer" 2
run "$G" application act --db "$db" V-2 fee-paid --on 2024-03-05 --receipt 1 --lang en
expect_rc "fee-paid without a notice" 2
expect_err "fee-paid without a notice" "fee-paid is not allowed"
[ "$(ledger_sql "$db" "SELECT count(*) FROM fees")" = 1 ] && ok || bad "a refused step stored a fee"
run "$G" application show --db "$db" V-2 --format json
expect_out "V-2 unchanged" '"state":"registered"'
expect_out "V-2 unchanged" '"fees":[]'
# 30 pages are free: nothing to charge, refused.
after_add=$(count)
run "$G" application act --db "$db" V-2 fee-notice --on 2024-03-05 --pages 30
expect_rc "30 pages" 2
expect_err "30 pages" "0 元"
[ "$(count)" = "$after_add" ] && ok || bad "a 0 元 notice changed the ledger"

# fee-paid records the amount and the receipt.
run "$G" application act --db "$db" V-1 fee-paid --on 2024-03-08 --receipt "川财〔2024〕0001"
expect_rc "fee-paid" 0
expect_out "fee-paid" "已缴费: 2024-03-08 4700 元，票据号 川财〔2024〕0001"
run "$G" application show --db "$db" V-1 --lang en
expect_out "show text" "fee noticed: 2024-03-05 by pages (250 pages) 4700 yuan"
expect_out "show text" "fee paid: 2024-03-08 4700 yuan, receipt 川财〔2024〕0001"

# 按件: 11 applications of one applicant in April 2024; the 10th is free,
# the 11th 100 元; May starts again.
for i in $(seq 1 11); do
  run "$G" application add --db "$db" --ref "P-$i" --type natural --channel in_person \
    --arrived 2024-04-0$(( (i + 1) / 2 )) --applicant-key "11010119900101123x"
  expect_rc "add P-$i" 0
done
run "$G" application add --db "$db" --ref M-1 --type natural --channel in_person \
  --arrived 2024-05-06 --applicant-key "１１０１０１１９９００１０１１２３Ｘ"
expect_rc "add M-1" 0
before=$(count)
run "$G" application act --db "$db" P-10 fee-notice --on 2024-04-10 --by-piece
expect_rc "10th by piece" 2
expect_err "10th by piece" "前 10 件"
[ "$(count)" = "$before" ] && ok || bad "the 10th changed the ledger"
run "$G" application act --db "$db" P-11 fee-notice --on 2024-04-10 --by-piece --format json
expect_rc "11th by piece" 0
expect_out "11th by piece" '"method":"piece","units":11,"yuan":100'
run "$G" application act --db "$db" M-1 fee-notice --on 2024-05-07 --by-piece
expect_rc "May restarts" 2
# Without an applicant key there is no count to make.
run "$G" application act --db "$db" V-2 fee-notice --on 2024-03-05 --by-piece --lang en
expect_rc "by piece without key" 2
expect_err "by piece without key" "no applicant key"

# The year's total: payments dated in the year only. P-11 pays 100 元 in
# 2024; W-1 is noticed in December 2024 and pays on 1 January 2025.
run "$G" application act --db "$db" P-11 fee-paid --on 2024-04-15
expect_rc "P-11 paid" 0
run "$G" application add --db "$db" --ref W-1 --type legal --channel in_person --arrived 2024-12-20
run "$G" application act --db "$db" W-1 fee-notice --on 2024-12-23 --pages 100
expect_rc "W-1 notice" 0
run "$G" application act --db "$db" W-1 fee-paid --on 2025-01-01
expect_rc "W-1 paid" 0
run "$G" report --db "$db" --year 2024 --format json --date 2025-01-20
expect_rc "report 2024" 0
python3 - "$tmp/out" <<'EOF' && ok || bad "section 6 of 2024"
import json, sys
d = json.load(open(sys.argv[1]))
s6 = d["sections"]["6"]
assert "向2件申请收取信息处理费，共计4800元" in s6, s6
EOF
python3 "$VALIDATE" "$SCHEMA" <"$tmp/out" >/dev/null 2>&1 && ok || bad "report 2024 fails the schema"
run "$G" report --db "$db" --year 2025 --format json --date 2026-01-20
python3 - "$tmp/out" <<'EOF' && ok || bad "section 6 of 2025"
import json, sys
s6 = json.load(open(sys.argv[1]))["sections"]["6"]
assert "向1件申请收取信息处理费，共计700元" in s6, s6
EOF
run "$G" report --db "$db" --year 2024 --explain fees --lang en
expect_rc "explain fees" 0
expect_out "explain fees" "V-1	2024-03-08	4700	川财〔2024〕0001	pages	250"
expect_out "explain fees" "P-11	2024-04-15	100	-	piece	11"
expect_err "explain fees" "fees paid in 2024: 2 applications, 4800 yuan in all"
[ "$(wc -l < "$tmp/out")" -eq 2 ] && ok || bad "explain fees lists $(wc -l < "$tmp/out") payments"

# The audit log covers the fees.
[ "$(ledger_sql "$db" "SELECT count(*) FROM audit_log WHERE table_name = 'fees'")" = 6 ] && ok ||
  bad "fees audit: $(ledger_sql "$db" "SELECT count(*) FROM audit_log WHERE table_name = 'fees'")"

# A ledger of schema 3 is upgraded (migration 4), its rows kept; a fee
# notice made before it has no amount: the payment is recorded, and the
# draft names it apart instead of guessing.
if sqlite_only "a ledger of schema 3 made by hand from a new one (SQLite DDL)"; then
old="$tmp/old.db"
"$G" ledger init --db "$old" --agency "某局" --level department 2>/dev/null
"$G" application add --db "$old" --ref L-1 --type natural --channel in_person --arrived 2024-03-04 >/dev/null
"$G" application act --db "$old" L-1 fee-notice --on 2024-03-05 --pages 250 >/dev/null
sqlite3 "$old" "DROP TRIGGER fees_keep; DROP TABLE fees; DROP INDEX applications_applicant;
  ALTER TABLE applications DROP COLUMN applicant_key_masked; ALTER TABLE applications DROP COLUMN applicant_key_enc;
  DROP TRIGGER audit_log_no_update; ALTER TABLE audit_log DROP COLUMN chain;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
  DROP INDEX applications_report_received; DROP INDEX applications_report_closed;
  DROP TABLE imports; ALTER TABLE applications DROP COLUMN import_id;
  ALTER TABLE applications DROP COLUMN void_reason; ALTER TABLE applications DROP COLUMN voided_on;
  CREATE INDEX applications_report_received ON applications(received_on, applicant_type);
  CREATE INDEX applications_report_closed ON applications(closed_on, received_on, applicant_type, outcome);
  ALTER TABLE applications DROP COLUMN applicant_key; DELETE FROM migrations WHERE version >= 4;
  PRAGMA user_version = 3;"
run "$G" application act --db "$old" L-1 fee-paid --on 2024-03-08 --format json
expect_rc "fee-paid of a notice without amount" 0
expect_out "fee-paid of a notice without amount" '"fees":[]'
[ "$(sqlite3 "$old" "PRAGMA user_version")" = "$(ledger_sql "$db" "PRAGMA user_version")" ] && ok || bad "not migrated to the latest"
[ "$(sqlite3 "$old" "SELECT count(*) FROM migrations WHERE version = 4")" = 1 ] && ok || bad "migration 4 not applied"
run "$G" report --db "$old" --year 2024 --format json --date 2025-01-20
python3 - "$tmp/out" <<'EOF' && ok || bad "section 6 of an upgraded ledger"
import json, sys
s6 = json.load(open(sys.argv[1]))["sections"]["6"]
assert "另有1笔缴费" in s6 and "共计" not in s6, s6
EOF
fi

# application amend: an application registered without its applicant key
# gets it later, then counts in its applicant's month; the correction is
# audited with before/after and adds no event (the clock is not touched).
am=$(ledger_target amend.db)
run "$G" ledger init --db "$am" --agency "某局" --level department
for i in 01 02 03 04 05 06 07 08 09 10 11; do
  key=""
  [ "$i" = 11 ] || key="--applicant-key=１１０１０１１９９００１０１１２３ｘ"
  run "$G" application add --db "$am" --ref M-$i --type natural --channel in_person --arrived 2024-05-06 $key
done
run "$G" application act --db "$am" M-11 fee-notice --by-piece --on 2024-05-07 --lang en
expect_rc "by piece without a key" 2
expect_err "by piece without a key: says how to add it" "application amend --applicant-key"
ev_before=$(ledger_sql "$am" "SELECT count(*) FROM application_events")
au_before=$(ledger_sql "$am" "SELECT count(*) FROM audit_log")
run "$G" application amend --db "$am" M-11 --applicant-key " 11010119900101123x" --contact "" --format json
expect_rc "amend the key" 0
expect_out "amend: the key stored normalised, shown masked" '"applicant_key":"110***********123X"'
[ "$(ledger_sql "$am" "SELECT count(*) FROM application_events")" = "$ev_before" ] && ok || bad "amend added an event"
[ "$(ledger_sql "$am" "SELECT count(*) FROM audit_log")" = $((au_before + 1)) ] && ok || bad "amend not audited once"
ledger_sql "$am" "SELECT before_json FROM audit_log ORDER BY id DESC LIMIT 1" | grep -q '"applicant_key_hash":null' && ok || bad "audit before lacks the old (absent) key"
run "$G" application act --db "$am" M-11 fee-notice --by-piece --on 2024-05-07 --format json
expect_rc "by piece after the amendment" 0
expect_out "11th of the month: 100 yuan" '"yuan":100'
run "$G" application amend --db "$am" M-11 --lang en
expect_rc "amend with nothing to change" 2
expect_err "amend with nothing to change" "one of --name, --contact, --description, --applicant-key, --type, --channel, --arrived or --confirmed is needed"
run "$G" application amend --db "$am" M-99 --name X --lang en
expect_rc "amend an unknown ref" 2
au_after=$(ledger_sql "$am" "SELECT count(*) FROM audit_log")
run "$G" application amend --db "$am" M-01 --name "$(printf '\xff')"
expect_rc "amend with bad UTF-8" 2
[ "$(ledger_sql "$am" "SELECT count(*) FROM audit_log")" = "$au_after" ] && ok || bad "a refused amendment changed something"

# docs/cli.md names the new options.
for o in --applicant-key --pages --by-piece --receipt; do
  grep -qF -- "\`$o" "$SRC/docs/cli.md" && ok || bad "docs/cli.md lacks $o"
done

finish
