#!/usr/bin/env bash
# test_cli_ledger_law.sh: issue 11 through the binary: the year-end
# lock-out (provisional due dates, the missing notice, the user calendar
# merged into the ledger), 补正 with a period, one consultation per party,
# late answers, ordinary mail, 第三十五条's later deadline, "today" in
# China whatever the time zone, and law.md/ledger.md saying one rule.
source "$(dirname "$0")/lib.sh"
export USER=clerk
export GONGKAI_CALENDAR="$tmp/user-calendar.txt" # none yet
db=$(ledger_target y.db)

# --- Point 1: the year-end lock-out ------------------------------------
export GK_TODAY=2026-12-07
run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
expect_rc "init" 0
run "$G" application add --db "$db" --ref Y-1 --type natural --channel in_person \
  --arrived 2026-12-07 --format json
expect_rc "add in December, period into 2027" 0
expect_out "provisional due date" '"due_on":"2027-01-05"'
expect_out "provisional due date" '"due_provisional":true'
expect_err "missing notice warned" "[calendar-missing]"
expect_err "missing notice warned" "gongkai calendar add"
run "$G" application show --db "$db" Y-1
expect_out "show marks it" "2027-01-05（暂定）"
run "$G" application list --db "$db" --lang en
expect_out "list marks it" "2027-01-05 (provisional)"
GK_TODAY=2026-12-30 run "$G" application list --db "$db" --due-within 5
expect_rc "list --due-within across the year" 0
expect_out "list --due-within across the year" "Y-1"
run "$G" application act --db "$db" Y-1 extend --reason 需要调取档案 --days 5 --format json
expect_rc "extend into 2027" 0
expect_out "extend into 2027" '"due_on":"2027-01-12"'
for r in Y-2 Y-3; do
  run "$G" application add --db "$db" --ref $r --type natural --channel in_person --arrived 2026-12-07
done
run "$G" application act --db "$db" Y-2 fee-notice --pages 250 --format json
expect_rc "fee-notice into 2027" 0
expect_out "fee-notice into 2027" '"due_provisional":true'
run "$G" application act --db "$db" Y-3 consult --reason 第三方 --format json
expect_rc "consult into 2027" 0
run "$G" application act --db "$db" Y-3 consult-end --format json
expect_rc "consult-end into 2027" 0
expect_out "consult-end into 2027" '"due_on":"2027-01-05"'
GK_TODAY=2026-10-30 run "$G" application list --db "$db"
if grep -qF "[calendar-missing]" "$tmp/err"; then bad "no warning before November"; else ok; fi
GK_TODAY=2026-11-01 run "$G" application list --db "$db"
expect_err "warning from 1 November" "[calendar-missing]"
# The notice arrives and is added with gongkai calendar add (a test notice,
# not the State Council's): the ledger reads it and recomputes.
printf 'notice 2027 ? ?\noff 2027-01-01..2027-01-04 测试\n' > "$tmp/n2027.txt"
run "$G" calendar add "$tmp/n2027.txt"
expect_rc "calendar add" 0
run "$G" application show --db "$db" Y-1 --format json
expect_rc "show after the notice" 0
expect_out "recomputed" '"due_on":"2027-01-13"'
expect_err "merge noted" "3 件"

expect_out "no longer provisional" '"due_provisional":false'
expect_err "merge noted" "已并入台账"
if grep -qF "[calendar-missing]" "$tmp/err"; then bad "warning after the notice"; else ok; fi
[ "$(ledger_sql "$db" "SELECT count(*) FROM calendar_notices WHERE year = 2027")" = 1 ] &&
  ok || bad "the notice stored in the ledger"
run "$G" application show --db "$db" Y-3 --format json
expect_out "recomputed too" '"due_on":"2027-01-06"'
if grep -qF "已并入" "$tmp/err"; then bad "merged twice"; else ok; fi

# --- Points 3-7 on a ledger of 2025 --------------------------------------
export GK_TODAY=2025-09-01
db=$(ledger_target l.db)
run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
for r in K-1 Q-1 L-1 L-2 E-1; do
  run "$G" application add --db "$db" --ref "$r" --type natural --channel in_person --arrived 2025-06-09
  expect_rc "add $r" 0
done

# Point 3: 补正 always has a period; lapse waits for its end.
run "$G" application act --db "$db" K-1 request-correction --on 2025-06-10 --format json
expect_rc "request-correction without --until" 0
expect_out "default period of 15 working days" '"due_on":"2025-07-01"'
run "$G" application act --db "$db" K-1 lapse --on 2025-06-10
expect_rc "lapse the same day" 2
expect_err "lapse the same day" "2025-07-01"
run "$G" application list --db "$db" --overdue --today 2025-07-02
expect_out "still listed" "K-1"
run "$G" application act --db "$db" K-1 lapse --on 2025-07-02
expect_rc "lapse after the period" 0
run "$G" application add --db "$db" --ref K-2 --type natural --channel in_person --arrived 2025-06-09
run "$G" application act --db "$db" K-2 request-correction --on 2025-06-10 --days 31
expect_rc "a period over 30 working days" 2

# Point 4: one consultation per party, from its receipt, bounded.
run "$G" application act --db "$db" Q-1 consult --on 2025-06-10 --served 2025-06-12 \
  --reason 第三方甲公司 --format json
expect_rc "consult" 0
expect_out "the party's 15 days from its receipt" '"due_on":"2025-07-03"'
run "$G" application act --db "$db" Q-1 consult-end --on 2025-07-10 --format json
expect_out "excluded time bounded" '"excluded_days":18'
expect_out "excluded time bounded" '"due_on":"2025-07-31"'
run "$G" application show --db "$db" Q-1
expect_out "excluded time shown" "不计入期限的工作日（征求意见、缴费）: 18"
run "$G" application act --db "$db" Q-1 consult --on 2025-07-11 --reason 第三方甲公司
expect_rc "the same party twice" 2
expect_err "the same party twice" "第三十二条"

# Point 5: late answers are flagged; no fee notice after the due date.
run "$G" application act --db "$db" L-2 fee-notice --on 2025-07-08 --pages 250
expect_rc "fee notice after the due date" 2
expect_err "fee notice after the due date" "2025-07-07"
run "$G" application list --db "$db" --overdue --today 2025-07-08
expect_out "still overdue" "L-2"
run "$G" application act --db "$db" L-1 answer --on 2025-07-08 --outcome granted \
  --basis "《政府信息公开条例》第三十六条" --format json
expect_rc "answer after the due date" 0
expect_out "late in JSON" '"late":true'
run "$G" application show --db "$db" L-1
expect_out "late in show" "逾期答复"
run "$G" application list --db "$db" --late
expect_out "list --late" "L-1"
if grep -q "^L-2" "$tmp/out"; then bad "list --late lists an open one"; else ok; fi
run "$G" report --db "$db" --year 2025 --explain late
expect_rc "report --explain late" 0
expect_out "report --explain late" "L-1"
expect_err "report --explain late counts" "2025 年逾期答复：1 件申请"

# Point 6: ordinary mail is received the day it arrives.
run "$G" application add --db "$db" --ref M-1 --type natural --channel ordinary_mail \
  --arrived 2025-06-09 --confirmed 2025-06-12 --format json
expect_rc "ordinary mail confirmed late" 0
expect_out "received on arrival" '"received_on":"2025-06-09"'
expect_err "late confirmation warned" "[receipt-confirmed-late]"

# Point 7 (第三十五条): a reasonable later deadline with the applicant's reasons.
run "$G" application act --db "$db" E-1 later-deadline --on 2025-06-20 --until 2025-09-01
expect_rc "later-deadline without reasons" 2
run "$G" application act --db "$db" E-1 later-deadline --on 2025-06-20 --until 2025-09-01 \
  --reason 申请人称系课题研究需要 --format json
expect_rc "later-deadline" 0
expect_out "later-deadline" '"due_on":"2025-09-01"'

# --- Point 12: today is the date in China, whatever TZ says --------------
unset GK_TODAY
db=$(ledger_target t.db)
run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
china=$(TZ=Asia/Shanghai date +%F)
next=$(TZ=Asia/Shanghai date -d "$china + 1 day" +%F)
# UTC-12 is 20 hours behind China, UTC+14 6 hours ahead: at any moment one
# of them has another date than China's.
TZ=AAA+12 run "$G" application add --db "$db" --ref T-1 --type natural \
  --channel in_person --arrived "$china"
expect_rc "China's today is not in the future (UTC-12)" 0
TZ=BBB-14 run "$G" application add --db "$db" --ref T-2 --type natural \
  --channel in_person --arrived "$next"
expect_rc "China's tomorrow is in the future (UTC+14)" 2
TZ=BBB-14 run "$G" application act --db "$db" T-1 extend --reason x --days 1 --format json
expect_out "default date is China's (UTC+14)" "$china"
[ "$(ledger_sql "$db" "SELECT on_date FROM application_events WHERE kind = 'extend'")" = "$china" ] &&
  ok || bad "the step's default day is China's today"
if [ "$(TZ=Asia/Shanghai date +%F)" != "$china" ]; then
  echo "note: China's date changed during the time-zone checks; rerun them"
fi

# --- law.md and ledger.md say one rule for 补正 ---------------------------
for f in "$SRC/spec/law.md" "$SRC/docs/ledger.md"; do
  if grep -qi "treats the wait as a pause\|补正 pending" "$f"; then
    bad "$f still calls 补正 a pause"
  else ok; fi
  grep -qi "restart" "$f" && ok || bad "$f does not say 补正 restarts the period"
done
finish
